//! Reference values for the checks, computed with mpmath at 256 bits by
//! `reference/generate.py` (do not edit; regenerate with
//! `python3 reference/generate.py > src/reference.rs` from `crates/exercises`, mpmath 1.3.0).
//! Each value is the exact formula at the exact binary inputs, rounded once.
#![allow(clippy::approx_constant)] // e.g. √0.5 is a result here, not a stand-in for FRAC_1_SQRT_2

/// Σ (yᵢ − ŷᵢ)², y = [2, 4, 5, 4, 5], ŷ = [2.8, 3.4, 4.0, 4.6, 5.2] (chapter 2): 2.4
pub const CH02_BOOK_SSE: f64 = 2.3999999999999995;
/// √(SSE / (n − p − 1)) for the same data, p = 1: √0.8
pub const CH02_BOOK_RSE: f64 = 0.8944271909999157;
/// √(SSE / (n − p − 1)), y = [1, 3, 2, 5, 4, 6], ŷ = [1.5, 2.5, 2.5, 4.5, 4.5, 5.5], p = 2: √(1.5 / 3)
pub const CH02_RSE_TWO_PREDICTORS: f64 = 0.7071067811865476;
/// √(SSE / (n − 1)), y = [1, 2, 3], ŷ = [0, 0, 0], p = 0: √7
pub const CH02_RSE_NO_PREDICTOR: f64 = 2.6457513110645907;
/// ½ Σ (yₖ − tₖ)², y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0], t one-hot at 2: 0.0975
pub const CH02_DL_SSE_RIGHT: f64 = 0.09750000000000002;
/// ½ Σ (yₖ − tₖ)², y = [0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0], t one-hot at 2: 0.5975
pub const CH02_DL_SSE_WRONG: f64 = 0.5975;
/// KL([0.5, 0.5] ‖ [0.9, 0.1]) = ln(5/3)
pub const CH03_KL_COIN: f64 = 0.5108256237659906;
/// KL([0.9, 0.1] ‖ [0.5, 0.5])
pub const CH03_KL_COIN_REVERSED: f64 = 0.3680642071684971;
/// (KL([0.7, 0.2, 0.1] ‖ [0.5, 0.3, 0.2]) + KL([0.1, 0.1, 0.8] ‖ [0.2, 0.2, 0.6])) / 2 (chapter 3)
pub const CH03_BATCHMEAN: f64 = 0.08831952390332867;
/// −ln(0.6 + 10⁻⁷): 0.5108 (Deep Learning from Scratch §4.2.2)
pub const CH04_CEE_RIGHT: f64 = 0.5108254570993379;
/// −ln(0.1 + 10⁻⁷): 2.3026 (Deep Learning from Scratch §4.2.2)
pub const CH04_CEE_WRONG: f64 = 2.302584092994546;
/// −ln(0 + 10⁻⁷): the true class predicted with probability 0
pub const CH04_CEE_ZERO: f64 = 16.11809565095832;
/// −(0.5 ln(0.25 + 10⁻⁷) + 0.5 ln(0.75 + 10⁻⁷)): y = [0.25, 0.75, 0], t = [0.5, 0.5, 0]
pub const CH04_CEE_SOFT: f64 = 0.8369879501192136;
/// softplus(−2) = −ln σ(2): x = 2, positive
pub const CH04_BCE_2_POSITIVE: f64 = 0.1269280110429725;
/// softplus(−30) ≈ e⁻³⁰: x = 30, positive
pub const CH04_BCE_30_POSITIVE: f64 = 9.357622968839737e-14;
/// softplus(40) ≈ 40: x = 40, negative
pub const CH04_BCE_40_NEGATIVE: f64 = 40.0;
/// softplus(1000) ≈ 1000: x = −1000, positive
pub const CH04_BCE_MINUS_1000_POSITIVE: f64 = 1000.0;
/// −ln softmax([3, 1, −2])₁
pub const CH04_SOFTMAX_CE_SMALL: f64 = 2.1328452337275756;
/// −ln softmax([1000, 1000, 999])₀ = ln(2 + e⁻¹)
pub const CH04_SOFTMAX_CE_1000: f64 = 0.8619948040582511;
/// −ln softmax([10⁸, 10⁸, 10⁸])₀ = ln 3
pub const CH04_SOFTMAX_CE_1E8: f64 = 1.0986122886681098;
/// −ln softmax([0, 1000])₀ ≈ 1000
pub const CH04_SOFTMAX_CE_GAP: f64 = 1000.0;
/// −α ln p, α = 0.25, p = 0.3 (chapter 5): ≈ 0.301
pub const CH05_BOOK_POSITIVE: f64 = 0.30099320108148403;
/// −(1 − α) ln(1 − p), α = 0.25, p = 0.3: ≈ 0.268
pub const CH05_BOOK_NEGATIVE: f64 = 0.2675062079540493;
/// −(1 − α) ln(1 − p), α = 0.25, p = 10⁻¹²
pub const CH05_TINY_NEGATIVE: f64 = 7.50000000000375e-13;
/// α with α·P = (1 − α)·N, P = −ln 0.3 (one positive), N = 1000·(−ln(1 − 0.01)) (1000 negatives): ≈ 0.893
pub const CH05_EQUAL_SHARES: f64 = 0.8930211671875045;
/// −(1 − 0.9)² ln 0.9, p = 0.9, positive, γ = 2: 0.001054
pub const CH06_FOCAL_09_2: f64 = 0.0010536051565782623;
/// −0.3^0.5 ln 0.7, p = 0.3, negative, γ = 0.5
pub const CH06_FOCAL_NEG_03_05: f64 = 0.19535891249213425;
/// −0.75⁵ ln 0.25, p = 0.25, positive, γ = 5: 0.3290
pub const CH06_FOCAL_025_5: f64 = 0.3289741501485678;
/// mean of FL over 10 negatives with p = 0.01 and 1 positive with p = 0.1, γ = 2
pub const CH06_MEAN_FOCAL: f64 = 0.16955490687827549;
/// σ(0.5) − 1: x = 0.5, positive
pub const CH07_DCE_HALF_POSITIVE: f64 = -0.37754066879814546;
/// σ(0.5): x = 0.5, negative
pub const CH07_DCE_HALF_NEGATIVE: f64 = 0.6224593312018546;
/// σ(40) − 1 = −σ(−40) ≈ −4.25·10⁻¹⁸: x = 40, positive
pub const CH07_DCE_40_POSITIVE: f64 = -4.248354255291589e-18;
/// σ(−40): x = −40, negative
pub const CH07_DCE_MINUS_40_NEGATIVE: f64 = 4.248354255291589e-18;
/// dFL/dx, x = −3, positive, γ = 2
pub const CH07_DFL_MINUS_3_2: f64 = -1.1267498806348883;
/// dFL/dx, x = 0.6, negative, γ = 0.5
pub const CH07_DFL_NEG_06_05: f64 = 0.6665018545947485;
/// dFL/dx, x = 2.5, negative, γ = 5
pub const CH07_DFL_NEG_25_5: f64 = 1.282242371497682;
/// dFL/dx, x = 40, positive, γ = 2: ≈ −3e⁻¹²⁰
pub const CH07_DFL_40_2: f64 = -2.3002944221165997e-52;
/// dFL/dx, x = 40, positive, γ = 0.5
pub const CH07_DFL_40_05: f64 = -1.3134766144044781e-26;
/// y(σ(γ x_t + β) − 1), x = 0.8, positive, γ = 2, β = 1
pub const CH07_DFL_STAR_08: f64 = -0.06913842034334682;
/// y(σ(γ x_t + β) − 1), x = −0.5, negative, γ = 2, β = 1
pub const CH07_DFL_STAR_NEG: f64 = 0.11920292202211756;
/// y(σ(γ x_t + β) − 1), x = 40, positive, γ = 2, β = 1
pub const CH07_DFL_STAR_40: f64 = -6.639677199580735e-36;
/// α_t dFL/dx, x = −3, positive, γ = 2, α = 0.25
pub const CH08_BFL_GRAD_MINUS_3: f64 = -0.2816874701587221;
/// α_t dFL/dx, x = 1, negative, γ = 2, α = 0.25
pub const CH08_BFL_GRAD_NEG_1: f64 = 0.5761760423994883;
/// α_t dFL/dx, x = 0.5, positive, γ = 0.5, α = 0.75
pub const CH08_BFL_GRAD_HALF: f64 = -0.2419773996420696;
/// −ln((1 − π)/π), π = 0.01: −ln 99 ≈ −4.5951
pub const CH08_PRIOR_BIAS: f64 = -4.59511985013459;
/// −ln((1 − π)/π), π = 10⁻³⁰⁰
pub const CH08_PRIOR_BIAS_TINY: f64 = -690.7755278982137;
/// −ln((1 − π)/π), π = 0.999
pub const CH08_PRIOR_BIAS_HIGH: f64 = 6.906754778648553;
/// ln(e¹ + e² + e³)
pub const CH09_LSE_SMALL: f64 = 3.40760596444438;
/// ln(2e¹⁰⁰⁰⁰) = 10⁴ + ln 2
pub const CH09_LSE_1E4: f64 = 10000.69314718056;
/// ln(2e⁻¹⁰⁰⁰⁰) = −10⁴ + ln 2
pub const CH09_LSE_MINUS_1E4: f64 = -9999.30685281944;
/// ln(e¹⁰⁰⁰⁰ + 1 + e⁻¹⁰⁰⁰⁰) ≈ 10⁴
pub const CH09_LSE_SPREAD: f64 = 10000.0;
/// σ(−40)² softplus(−40) ≈ e⁻¹²⁰: x = 40, positive, γ = 2
pub const CH09_FL_40_2: f64 = 7.667648073722e-53;
/// σ(−17)² softplus(−17): x = 17, positive, γ = 2
pub const CH09_FL_17_2: f64 = 7.095473427914229e-23;
/// σ(1000)² softplus(1000) ≈ 1000: x = −1000, positive, γ = 2
pub const CH09_FL_MINUS_1000_2: f64 = 1000.0;
/// σ(−100)⁵ softplus(−100): x = −100, negative, γ = 5
pub const CH09_FL_NEG_MINUS_100_5: f64 = 2.6503965530043108e-261;
/// σ(3)^0.5 softplus(3): x = 3, negative, γ = 0.5
pub const CH09_FL_NEG_3_05: f64 = 2.975418329650191;
/// 1 − σ(40) = σ(−40)
pub const CH09_COMPLEMENT_40: f64 = 4.248354255291589e-18;
/// 1 − σ(−3) = σ(3)
pub const CH09_COMPLEMENT_MINUS_3: f64 = 0.9525741268224333;
/// 1 − σ(700) = σ(−700) ≈ e⁻⁷⁰⁰
pub const CH09_COMPLEMENT_700: f64 = 9.85967654375977e-305;
/// the smallest f32 x with 1 / (1 + e⁻ˣ) = 1 in f32, every operation correctly rounded; 24 ln 2 ≈ 16.6355 is the real-number threshold
pub const CH09_SIGMOID_ONE_F32: f32 = 16.635532;
