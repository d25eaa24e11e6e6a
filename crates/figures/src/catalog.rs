//! The book's figures: where each goes, its number, its caption and alt text in both editions,
//! and the function that draws it. The snippets that place the figures in the chapters are
//! generated from this table.

use crate::{
    Edition, Error, Text, balanced_cross_entropy, balanced_focal_loss, ce_fl_ratio, focal_gradient, focal_loss_curves,
    hard_negatives, kl_asymmetry, modulating_factor, numerical_traps, regression_residuals, speed_against_jax,
};
use crate::{cumulative_loss_figure, precision_recall, toy_anchors};

/// One figure of the book: where it goes, what it says, and how it is drawn.
#[derive(Clone, Copy)]
pub struct Figure {
    /// File stem: the figure is `src/<lang>/figures/<name>.svg`.
    pub name: &'static str,
    /// The chapter file it belongs in, e.g. `ch06-focal-loss.md`.
    pub chapter: &'static str,
    /// Its number in the chapter, e.g. `6-1` (그림 6-1, Figure 6-1).
    pub number: &'static str,
    /// The caption below the figure (without the "Figure 6-1." prefix).
    pub caption: Text,
    /// The alt text: what the figure shows, for readers who cannot see it.
    pub alt: Text,
    draw: fn(Edition) -> Result<String, Error>,
}

impl Figure {
    /// The caption with its number: `그림 6-1. …` / `Figure 6-1. …`.
    pub fn caption(&self, lang: Edition) -> String {
        let figure = Text { ko: "그림", en: "Figure" }.get(lang);
        format!("{figure} {}. {}", self.number, self.caption.get(lang))
    }

    /// The alt text of one edition.
    pub fn alt(&self, lang: Edition) -> &'static str {
        self.alt.get(lang)
    }

    /// Draws the figure: the SVG document.
    ///
    /// # Errors
    /// [`Error`] if plotters or a loss function fails (neither happens for the committed figures).
    pub fn draw(&self, lang: Edition) -> Result<String, Error> {
        (self.draw)(lang)
    }

    /// The path of the figure relative to the chapter: `figures/<name>.svg`.
    pub fn src(&self) -> String {
        format!("figures/{}.svg", self.name)
    }

    /// The Markdown that puts the figure into its chapter: the image with its alt text, and the
    /// caption in italics on the next line.
    pub fn markdown(&self, lang: Edition) -> String {
        format!("![{}]({})\n\n*{}*\n", markdown_text(self.alt(lang)), self.src(), self.caption(lang))
    }
}

/// Escapes the brackets that would end alt text early (captions are written as Markdown).
fn markdown_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// Every figure of the book, in chapter order.
pub fn all() -> Vec<Figure> {
    vec![
        Figure {
            name: "regression-residuals",
            chapter: "ch02-regression-losses.md",
            number: "2-1",
            caption: Text {
                ko: r"최소제곱 직선과 잔차. 잔차 $y_i - \hat y_i$를 한 변으로 하는 정사각형의 넓이가 $(y_i - \hat y_i)^2$이고, 넓이를 모두 더한 값이 SSE입니다. 최소제곱 직선은 이 합이 가장 작은 직선입니다. 직선과 SSE는 `simple_linear_regression`과 `sum_of_squared_errors`가 계산했습니다.",
                en: r"The least-squares line and its residuals. The square on each residual $y_i - \hat y_i$ has area $(y_i - \hat y_i)^2$; the areas add up to the SSE, and the least-squares line is the line that makes this sum smallest. Line and SSE computed by `simple_linear_regression` and `sum_of_squared_errors`.",
            },
            alt: Text {
                ko: "산점도: 2장 예제 데이터의 점 5개와 최소제곱 직선. 각 점에서 직선까지 세로 잔차 선분이 있고, 그 선분을 한 변으로 하는 반투명 정사각형이 그려져 있다. 제목에 직선의 식과 SSE 값이 있다.",
                en: "Scatter plot of the 5 points of Chapter 2's example data with the least-squares line. Each point has a vertical residual segment to the line and a translucent square drawn on that segment. The title gives the line's equation and the SSE.",
            },
            draw: regression_residuals,
        },
        Figure {
            name: "kl-asymmetry",
            chapter: "ch03-kl-divergence.md",
            number: "3-1",
            caption: Text {
                ko: r"KL 발산은 대칭이 아닙니다. 왼쪽: $p = (0.2, 0.8)$을 고정하고 $q = (\theta, 1 - \theta)$를 움직이면, $\theta \to 0$이나 $\theta \to 1$에서 $\mathrm{KL}(p \,\|\, q)$는 무한대로 가지만 $\mathrm{KL}(q \,\|\, p)$는 유한합니다. 둘이 함께 0이 되는 곳은 $q = p$ ($\theta = 0.2$)뿐입니다. 오른쪽: 결과가 세 개인 분포 쌍 60개의 $\mathrm{KL}(p \,\|\, q)$와 $\mathrm{KL}(q \,\|\, p)$. 대각선에서 벗어난 점마다 두 방향의 값이 다릅니다. 모든 값은 `kl_divergence`로 계산했습니다.",
                en: r"KL divergence is not symmetric. Left: with $p = (0.2, 0.8)$ fixed and $q = (\theta, 1 - \theta)$ moving, $\mathrm{KL}(p \,\|\, q)$ goes to infinity as $\theta \to 0$ or $\theta \to 1$ while $\mathrm{KL}(q \,\|\, p)$ stays finite; both are 0 only at $q = p$ ($\theta = 0.2$). Right: $\mathrm{KL}(p \,\|\, q)$ against $\mathrm{KL}(q \,\|\, p)$ for 60 pairs of three-outcome distributions; every point off the diagonal is a pair whose two directions differ. All values computed by `kl_divergence`.",
            },
            alt: Text {
                ko: "두 패널. 왼쪽은 θ에 대한 KL(p‖q)와 KL(q‖p) 곡선으로, θ = 0.2에서 둘 다 0이고 양 끝에서 KL(p‖q)만 크게 치솟는다. 오른쪽은 KL(p‖q)를 가로축, KL(q‖p)를 세로축으로 한 산점도로, 점들이 대각선 위아래로 흩어져 있다.",
                en: "Two panels. Left: curves of KL(p‖q) and KL(q‖p) against θ; both are 0 at θ = 0.2, and only KL(p‖q) shoots up at both ends. Right: scatter plot of KL(p‖q) (horizontal) against KL(q‖p) (vertical); the points scatter above and below the diagonal.",
            },
            draw: kl_asymmetry,
        },
        Figure {
            name: "balanced-cross-entropy",
            chapter: "ch05-balanced-cross-entropy.md",
            number: "5-1",
            caption: Text {
                ko: r"α-균형 교차 엔트로피 $-\alpha_t \log p_t$. 양성 샘플($y = 1$)은 $\alpha_t = \alpha$, 음성 샘플($y = 0$)은 $\alpha_t = 1 - \alpha$로 가중됩니다. 그래서 $\alpha = 0.25$는 양성의 손실을 교차 엔트로피의 4분의 1로, 음성의 손실을 4분의 3으로 줄입니다. 곡선의 모양은 그대로이고 높이만 바뀝니다. 값은 `balanced_cross_entropy`로 계산했습니다.",
                en: r"α-balanced cross-entropy $-\alpha_t \log p_t$. Positives ($y = 1$) are weighted by $\alpha_t = \alpha$, negatives ($y = 0$) by $\alpha_t = 1 - \alpha$, so $\alpha = 0.25$ scales the loss of a positive to 1/4 of cross-entropy and that of a negative to 3/4. The curves keep their shape; only their height changes. Values computed by `balanced_cross_entropy`.",
            },
            alt: Text {
                ko: "두 패널: 양성 샘플과 음성 샘플. 각 패널에 pₜ에 대한 손실 곡선이 α = 0.25, 0.5, 0.75마다 하나씩 있고, 가중치 없는 교차 엔트로피가 회색 점선으로 있다. 양성 패널에서는 α = 0.25 곡선이 가장 낮고, 음성 패널에서는 가장 높다.",
                en: "Two panels, positive and negative examples. Each shows loss against pₜ for α = 0.25, 0.5 and 0.75, with unweighted cross-entropy as a grey dashed curve. In the positive panel the α = 0.25 curve is lowest; in the negative panel it is highest.",
            },
            draw: balanced_cross_entropy,
        },
        Figure {
            name: "focal-loss",
            chapter: "ch06-focal-loss.md",
            number: "6-1",
            caption: Text {
                ko: r"$\gamma \in \{0, 0.5, 1, 2, 5\}$일 때 $p_t$에 대한 초점 손실 $\mathrm{FL}(p_t) = -(1 - p_t)^\gamma \log p_t$ (Lin et al. 2017의 그림 1). $\gamma = 0$이면 교차 엔트로피입니다. $\gamma$가 클수록 잘 분류된 샘플($p_t > 0.5$, 색칠한 영역)의 손실이 0에 가까워집니다. 곡선은 `focal_loss`로 계산했습니다.",
                en: r"Focal loss $\mathrm{FL}(p_t) = -(1 - p_t)^\gamma \log p_t$ against $p_t$ for $\gamma \in \{0, 0.5, 1, 2, 5\}$ (Figure 1 of Lin et al. 2017); $\gamma = 0$ is cross-entropy. The larger $\gamma$, the closer to zero the loss of well-classified examples ($p_t > 0.5$, shaded). Curves computed by `focal_loss`.",
            },
            alt: Text {
                ko: "선 그래프: 가로축 pₜ(0에서 1), 세로축 손실(0에서 5). γ = 0, 0.5, 1, 2, 5마다 곡선이 하나씩 있고, 모두 pₜ가 0에 가까우면 크고 pₜ = 1에서 0이다. γ가 클수록 곡선이 낮다. pₜ > 0.5 영역이 색칠되어 있다.",
                en: "Line chart: pₜ from 0 to 1 horizontally, loss from 0 to 5 vertically, one curve each for γ = 0, 0.5, 1, 2 and 5. All curves are large near pₜ = 0 and reach 0 at pₜ = 1; the larger γ, the lower the curve. The region pₜ > 0.5 is shaded.",
            },
            draw: focal_loss_curves,
        },
        Figure {
            name: "modulating-factor",
            chapter: "ch06-focal-loss.md",
            number: "6-2",
            caption: Text {
                ko: r"조절 인자 $(1 - p_t)^\gamma$. 교차 엔트로피에 이 인자를 곱하면 초점 손실이 됩니다. $\gamma = 0$이면 어디서나 1이고, $\gamma$가 클수록 $p_t$가 1에 가까운 예에서 더 빨리 0으로 떨어집니다. 예를 들어 $\gamma = 2$, $p_t = 0.9$이면 0.01입니다. 값은 `modulating_factor`로 계산했습니다.",
                en: r"The modulating factor $(1 - p_t)^\gamma$ that turns cross-entropy into focal loss. It is 1 everywhere for $\gamma = 0$; the larger $\gamma$, the faster it falls to 0 as $p_t$ approaches 1 (0.01 at $p_t = 0.9$ with $\gamma = 2$). Values computed by `modulating_factor`.",
            },
            alt: Text {
                ko: "선 그래프: 가로축 pₜ, 세로축 (1 − pₜ)^γ(0에서 1). γ = 0은 1에서 수평선이고, 다른 곡선은 모두 pₜ = 0에서 1로 시작해 pₜ = 1에서 0이 되며, γ가 클수록 더 빨리 떨어진다. γ = 2, pₜ = 0.9 지점에 0.01이라는 표시가 있다.",
                en: "Line chart: pₜ horizontally, (1 − pₜ)^γ from 0 to 1 vertically. γ = 0 is a horizontal line at 1; the other curves start at 1 at pₜ = 0 and fall to 0 at pₜ = 1, faster for larger γ. The point γ = 2, pₜ = 0.9 is marked 0.01.",
            },
            draw: modulating_factor,
        },
        Figure {
            name: "ce-fl-ratio",
            chapter: "ch06-focal-loss.md",
            number: "6-3",
            caption: Text {
                ko: r"교차 엔트로피와 초점 손실의 비 $\mathrm{CE}/\mathrm{FL} = (1 - p_t)^{-\gamma}$ (로그 눈금). $\gamma = 2$이면 $p_t = 0.5$에서 4배, $p_t = 0.9$에서 100배, $p_t = 1 - 1000^{-1/2} \approx 0.9684$에서 1000배입니다. 논문이 말하는 $p_t \approx 0.968$에서는 정확히 976.5625배입니다. 비는 `binary_cross_entropy`와 `focal_loss`의 값으로 계산했습니다.",
                en: r"The ratio $\mathrm{CE}/\mathrm{FL} = (1 - p_t)^{-\gamma}$ on a log scale. With $\gamma = 2$ it is 4× at $p_t = 0.5$, 100× at $p_t = 0.9$ and 1000× at $p_t = 1 - 1000^{-1/2} \approx 0.9684$ (at the paper's $p_t \approx 0.968$ it is exactly 976.5625×). Ratios computed from `binary_cross_entropy` and `focal_loss`.",
            },
            alt: Text {
                ko: "로그 눈금 선 그래프: 가로축 pₜ, 세로축 CE/FL(1배에서 100만 배). γ = 0은 1배에서 수평선이고, 다른 곡선은 pₜ가 1에 가까워질수록 가파르게 올라가며 γ가 클수록 더 높다. γ = 2 곡선 위의 세 점에 4×, 100×, 1000×가 표시되어 있다.",
                en: "Log-scale line chart: pₜ horizontally, CE/FL from 1× to 1,000,000× vertically. γ = 0 is flat at 1×; the other curves rise steeply as pₜ approaches 1, higher for larger γ. Three points on the γ = 2 curve are marked 4×, 100× and 1000×.",
            },
            draw: ce_fl_ratio,
        },
        Figure {
            name: "hard-negatives",
            chapter: "ch06-focal-loss.md",
            number: "6-4",
            caption: Text {
                ko: r"가장 어려운 샘플부터 센 $k$개가 그 클래스의 손실에서 차지하는 몫 $S_k$(가로축은 로그 눈금). 왼쪽은 양성 100개, 오른쪽은 음성 10,000개이고, 점은 위 표의 칸(양성의 10%, 음성의 1%)입니다. 모든 $k$에서 $\gamma$가 클수록 곡선이 위에 있습니다. 회색 띠는 어려운 음성 474개입니다. 논문의 그림 4는 같은 몫을 손실이 작은 쪽부터 더해(가장 쉬운 $j$개의 몫은 $1 - S_{N-j}$) 선형 눈금으로 그렸습니다. 값은 `focal_loss_with_logits`로 계산했습니다.",
                en: r"The share $S_k$ of a class's loss carried by its $k$ hardest examples (log-scale horizontal axis): 100 positives on the left, 10,000 negatives on the right; the dots are the cells of the table above (10% of the positives, 1% of the negatives). At every $k$, the larger $\gamma$, the higher the curve. The grey band holds the 474 hard negatives. The paper's Figure 4 plots the same shares added up from the easiest end (the share of the $j$ easiest is $1 - S_{N-j}$), on linear axes. Values computed by `focal_loss_with_logits`.",
            },
            alt: Text {
                ko: "두 패널의 선 그래프. 가로축은 가장 어려운 샘플부터 센 비율(로그 눈금; 왼쪽 1%–100%, 오른쪽 0.01%–100%), 세로축은 손실의 몫(0%–100%)이다. γ = 0, 0.5, 1, 2, 5마다 곡선이 하나씩 있고, 모든 곡선이 오른쪽 끝에서 100%에 닿으며, γ가 클수록 곡선이 위에 있다. 오른쪽 패널에서 γ = 5 곡선은 1%에서 이미 70%를 넘는다. 각 패널의 세로 점선 위의 점들이 표의 값이다.",
                en: "Two-panel line chart. Horizontally the fraction counted from the hardest example (log scale; 1%–100% on the left, 0.01%–100% on the right), vertically the share of the loss (0%–100%). One curve each for γ = 0, 0.5, 1, 2 and 5; every curve reaches 100% at the right end, and the larger γ, the higher the curve. In the right panel the γ = 5 curve is already above 70% at 1%. Dots on a dotted vertical line in each panel mark the table's values.",
            },
            draw: hard_negatives,
        },
        Figure {
            name: "focal-gradient",
            chapter: "ch07-backpropagation.md",
            number: "7-1",
            caption: Text {
                ko: r"로짓 $x$에 대한 기울기($y = +1$이므로 $x_t = x$). 점선은 교차 엔트로피의 $d\mathrm{CE}/dx = p_t - 1$, 실선은 $\gamma = 0.5, 1, 2, 5$일 때 초점 손실의 $d\mathrm{FL}/dx = (1 - p_t)^\gamma (\gamma p_t \log p_t + p_t - 1)$입니다. $x_t$가 크면(잘 분류된 샘플) $\gamma$가 클수록 기울기가 더 빨리 0이 됩니다. $x_t$가 작으면(틀린 샘플) 기울기의 크기는 1 안팎인데, $\gamma > 0$이면 1을 넘는 곳이 있고 $\gamma$가 클수록 더 커집니다($\gamma = 5$에서 약 1.31). 값은 `binary_cross_entropy_with_logits_grad`와 `focal_loss_with_logits_grad`로 계산했습니다.",
                en: r"Gradients with respect to the logit $x$ ($y = +1$, so $x_t = x$): $d\mathrm{CE}/dx = p_t - 1$ for cross-entropy (dashed) and $d\mathrm{FL}/dx = (1 - p_t)^\gamma (\gamma p_t \log p_t + p_t - 1)$ for focal loss with $\gamma = 0.5, 1, 2, 5$. For large $x_t$ (well-classified) the larger $\gamma$, the sooner the gradient reaches 0; for small $x_t$ (misclassified) its size stays around 1, exceeds 1 somewhere for every $\gamma > 0$, and the more so the larger $\gamma$ (about 1.31 for $\gamma = 5$). Values computed by `binary_cross_entropy_with_logits_grad` and `focal_loss_with_logits_grad`.",
            },
            alt: Text {
                ko: "선 그래프: 가로축 xₜ(−6에서 6), 세로축 기울기(음수). dCE/dx 점선은 왼쪽에서 −1, 오른쪽에서 0에 다가간다. 초점 손실 곡선들도 오른쪽에서 0이 되는데, γ가 클수록 더 일찍 그렇게 된다. 초점 손실 곡선은 모두 왼쪽에서 −1보다 아래로 내려가고, γ = 5 곡선이 가장 깊다(약 −1.31).",
                en: "Line chart: xₜ from −6 to 6 horizontally, gradient (negative) vertically. The dashed dCE/dx curve goes from −1 on the left to 0 on the right; the focal-loss curves also reach 0 on the right, earlier for larger γ. Every focal-loss curve dips below −1 on the left, the γ = 5 curve deepest (about −1.31).",
            },
            draw: focal_gradient,
        },
        Figure {
            name: "balanced-focal-loss",
            chapter: "ch08-balanced-focal-loss.md",
            number: "8-1",
            caption: Text {
                ko: r"$\gamma = 2$인 α-균형 초점 손실 $-\alpha_t (1 - p_t)^\gamma \log p_t$. 양성 샘플은 $\alpha_t = \alpha$, 음성 샘플은 $\alpha_t = 1 - \alpha$이고, 회색 점선은 $\alpha$가 없는 초점 손실입니다. 논문에서 가장 좋았던 설정($\gamma = 2$, $\alpha = 0.25$)은 드문 클래스인 양성에 오히려 더 작은 가중치를 줍니다. 쉬운 음성 샘플의 손실은 조절 인자가 이미 대부분 없애기 때문입니다. 값은 `FocalParams::balanced`를 쓴 `focal_loss`로 계산했습니다.",
                en: r"α-balanced focal loss $-\alpha_t (1 - p_t)^\gamma \log p_t$ with $\gamma = 2$; positives get $\alpha_t = \alpha$, negatives $\alpha_t = 1 - \alpha$, and the grey dashed curve is focal loss without $\alpha$. The paper's best setting ($\gamma = 2$, $\alpha = 0.25$) gives the rare positives the smaller weight: the modulating factor already removes most of the easy negatives' loss. Values computed by `focal_loss` with `FocalParams::balanced`.",
            },
            alt: Text {
                ko: "두 패널: 양성 샘플과 음성 샘플. 각 패널에 γ = 2인 초점 손실 곡선이 α = 0.25, 0.5, 0.75마다 하나씩 있고, α 없는 초점 손실이 회색 점선으로 있다. 양성 패널에서는 α = 0.25 곡선이 가장 낮고, 음성 패널에서는 가장 높다.",
                en: "Two panels, positive and negative examples. Each shows focal loss with γ = 2 against pₜ for α = 0.25, 0.5 and 0.75, with focal loss without α as a grey dashed curve. In the positive panel the α = 0.25 curve is lowest; in the negative panel it is highest.",
            },
            draw: balanced_focal_loss,
        },
        Figure {
            name: "numerical-traps",
            chapter: "ch09-numerical-stability.md",
            number: "9-1",
            caption: Text {
                ko: r"수치 함정 모음: 교과서 공식(`losses::naive`)과 안정한 공식(`losses`)의 상대 오차(로그 눈금). 기준값은 2048비트 mpmath로 계산한 값으로, `losses`의 정확도 테스트가 쓰는 표 `crates/reference/cases.csv`에서 가져왔습니다. 속이 찬 점은 f64, 속이 빈 점은 f32입니다. 맨 위 100% 선은 맞는 자릿수가 하나도 없다는 뜻이고(결과가 0, ∞, NaN이거나 오차 ≥ 100%), 맨 아래 0 선은 오차가 정확히 0이라는 뜻입니다. 참값이 그 형식의 정규 수가 아닌 입력은 뺐습니다. 안정한 공식은 어디서나 단위 반올림($2^{-53}$, $2^{-24}$) 수준에 머뭅니다.",
                en: r"The numerical-trap gallery: relative error of the textbook formulas (`losses::naive`) and of the stable ones (`losses`) on a log scale, against a 2048-bit mpmath reference — the table the accuracy tests of `losses` use, `crates/reference/cases.csv`. Filled markers are f64, open markers f32. The 100% line at the top means no correct digit at all (a result of 0, ∞ or NaN, or an error ≥ 100%); the 0 line at the bottom is an error of exactly 0. Inputs whose true value is not a normal number of the type are left out. The stable formulas stay at the unit roundoff ($2^{-53}$, $2^{-24}$) everywhere.",
            },
            alt: Text {
                ko: "여섯 패널의 산점도: 1 − σ(x), ln(1 + eˣ), y = 0인 BCE, γ = 2인 초점 손실, 그 기울기, 같은 로짓의 소프트맥스 교차 엔트로피. 세로축은 상대 오차(로그 눈금)이다. 안정한 공식의 점은 모두 10⁻¹⁶(f64)과 10⁻⁷(f32) 근처의 띠 안에 있다. naive 공식의 점은 x가 커지거나 작아지면 위로 올라가 맨 위 100% 선에 붙는다. 소프트맥스 패널에서는 이동한 공식이 로짓 10⁸에서 10⁻⁹ 수준의 오차를 낸다.",
                en: "Six scatter-plot panels: 1 − σ(x), ln(1 + eˣ), BCE with y = 0, focal loss with γ = 2, its gradient, and softmax cross-entropy of equal logits; vertically the relative error on a log scale. The stable formulas' points all lie in bands near 10⁻¹⁶ (f64) and 10⁻⁷ (f32); the naive formulas' points climb as x grows or shrinks until they sit on the 100% line at the top. In the softmax panel the shifted formula is off by about 10⁻⁹ at logits of 10⁸.",
            },
            draw: numerical_traps,
        },
        Figure {
            name: "speed-against-jax",
            chapter: "ch09-numerical-stability.md",
            number: "9-2",
            caption: Text {
                ko: r"같은 입력에서 잰 계산 시간의 비 `losses` ÷ JAX(XLA가 jit한 교과서 식)의 중앙값, 로그 눈금. 점선 1보다 왼쪽이면 `losses`가 빠릅니다. 회색 고리는 이 절의 커널을 쓰기 전의 크레이트(기본 빌드), 파란 점과 주황 점은 지금의 크레이트(기본 빌드와 native 빌드)입니다. 왼쪽 패널은 코어 1개(양쪽 모두 스레드 1개), 오른쪽 패널은 코어 2개(크레이트는 rayon의 스레드, JAX는 XLA의 스레드)에서 잰 값입니다. 값은 `cargo xtask bench-peers`가 기록한 결과 파일 `crates/losses/benches/peers/results/*.json`에서 읽었습니다.",
                en: r"The ratio of computing times `losses` ÷ JAX (the textbook formulas jitted by XLA) on the same inputs, medians, on a log scale. Left of the dashed line at 1, `losses` is faster. Grey rings are the crate before this section's kernels (default build), blue and orange discs the crate now (default and native builds). The left panel was measured on 1 core (1 thread on each side), the right one on 2 cores (the crate on rayon's threads, JAX on XLA's). Values read from the result files `cargo xtask bench-peers` recorded, `crates/losses/benches/peers/results/*.json`.",
            },
            alt: Text {
                ko: "두 패널의 점 그림. 세로로 작업 10개(초점 손실, 초점 손실 + 기울기, BCE, 소프트맥스 CE, 소프트맥스 CE + 기울기, 각각 f32와 f64), 가로로 losses ÷ JAX(로그 눈금, 0.1에서 100)가 있고 1에 세로 점선이 있다. 두 패널 모두 회색 고리(이전)는 3과 45 사이에, 파란 점과 주황 점(지금)은 0.2와 2 사이에 있다.",
                en: "Two dot-plot panels: vertically 10 workloads (focal loss, focal loss + gradient, BCE, softmax CE, softmax CE + gradient, each in f32 and f64), horizontally losses ÷ JAX on a log scale from 0.1 to 100, with a dashed vertical line at 1. In both panels the grey rings (before) lie between 3 and 45, the blue and orange discs (now) between 0.2 and 2.",
            },
            draw: speed_against_jax,
        },
        Figure {
            name: "toy-anchors",
            chapter: "ch10-focal-loss-at-work.md",
            number: "10-1",
            caption: Text {
                ko: r"10장 실험의 학습용 앵커. 양성(파랑)은 반지름 0.5인 원판에, 어려운 음성(주황)은 그 원판을 둘러싼 고리(반지름 0.45–1)에, 쉬운 음성(회색, 10개 중 1개만 표시)은 왼쪽의 넓은 상자에 고르게 흩어져 있습니다. 고리가 원판의 가장자리와 겹치므로 어떤 모델도 모든 양성을 음성과 가를 수 없습니다. 점은 `detection::toy`가 만들었습니다.",
                en: r"The training anchors of the Chapter 10 experiment. Positives (blue) fill a disc of radius 0.5, hard negatives (orange) a ring around it (radii 0.45–1), easy negatives (grey, 1 in 10 shown) a wide box to the left. The ring overlaps the rim of the disc, so no model can separate every positive from the negatives. Points made by `detection::toy`.",
            },
            alt: Text {
                ko: "산점도: 가로축 특징 x₁, 세로축 특징 x₂. 왼쪽 넓은 직사각형에 회색 고리 모양 점이 고르게 퍼져 있고, 오른쪽 (2.5, 0) 근처에 파란 점 10개가 작은 원판을 이루며, 그 둘레를 주황색 점 300개가 고리 모양으로 감싸고 있다.",
                en: "Scatter plot, feature x₁ horizontally and x₂ vertically. Grey ring markers spread evenly over a wide rectangle on the left; on the right, near (2.5, 0), 10 blue points form a small disc, surrounded by a ring of 300 orange points.",
            },
            draw: toy_anchors,
        },
        Figure {
            name: "precision-recall",
            chapter: "ch10-focal-loss-at-work.md",
            number: "10-2",
            caption: Text {
                ko: r"평가용 앵커(양성 100개, 음성 100,000개)에서 잰 정밀도–재현율 곡선. 교차 엔트로피, 그리고 $\gamma = 0, 2, 5$ 각각에서 AP가 가장 좋은 $\alpha$로 학습한 모델입니다. 범례의 AP는 곡선 아래 넓이(계단 곡선)입니다. 곡선은 `losses::metrics::precision_recall_curve`가 실험의 출력에서 계산했습니다.",
                en: r"Precision–recall curves on the held-out anchors (100 positives, 100,000 negatives): the cross-entropy, and for $\gamma = 0, 2, 5$ the $\alpha$ with the best AP. The AP in the legend is the area under the (step) curve. Curves computed from the experiment's output by `losses::metrics::precision_recall_curve`.",
            },
            alt: Text {
                ko: "선 그래프: 가로축 재현율, 세로축 정밀도(둘 다 0에서 1). 계단 모양 곡선 네 개가 왼쪽 위에서 시작해 재현율이 커질수록 내려간다. 범례에 각 곡선의 손실과 AP가 적혀 있다.",
                en: "Line chart: recall horizontally, precision vertically, both from 0 to 1. Four step-shaped curves start at the upper left and fall as recall grows. The legend gives each curve's loss and AP.",
            },
            draw: precision_recall,
        },
        Figure {
            name: "cumulative-loss",
            chapter: "ch10-focal-loss-at-work.md",
            number: "10-3",
            caption: Text {
                ko: r"논문 그림 4의 계산을 장난감에서. $\gamma = 2$, $\alpha = 0.25$로 학습한 모델의 평가용 앵커에 대해, 손실 $\mathrm{FL}_\gamma$를 작은 것부터 더한 값이 전체의 몇 %인지를 $\gamma$마다 그렸습니다. 곡선이 오른쪽 아래로 처질수록 손실이 소수의 어려운 앵커에 몰려 있다는 뜻입니다. 값은 `detection::experiment::cumulative_loss`가 계산했습니다.",
                en: r"The computation of the paper's Figure 4, on the toy. For the held-out anchors of the model trained with $\gamma = 2$, $\alpha = 0.25$: the losses $\mathrm{FL}_\gamma$, added from the smallest, as a share of their total, for each $\gamma$. The lower a curve sags to the right, the more the loss is concentrated on a few hard anchors. Values computed by `detection::experiment::cumulative_loss`.",
            },
            alt: Text {
                ko: "두 패널: 양성과 음성. 가로축은 손실이 작은 순서로 센 앵커의 비율, 세로축은 누적 손실 비율(0에서 1). γ = 0, 0.5, 1, 2마다 곡선이 하나씩 있다. 음성 패널에서는 γ가 클수록 곡선이 오른쪽 끝까지 0 근처에 붙어 있다가 마지막에 1로 치솟는다. 양성 패널의 곡선들은 서로 더 가깝다.",
                en: "Two panels, positives and negatives. Horizontal: fraction of anchors counted from the smallest loss; vertical: cumulative share of the loss, 0 to 1. One curve each for γ = 0, 0.5, 1 and 2. In the negative panel, the larger γ, the longer the curve stays near 0 before shooting up to 1 at the right end. The curves of the positive panel are closer together.",
            },
            draw: cumulative_loss_figure,
        },
    ]
}
