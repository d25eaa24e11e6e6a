//! Words in the two languages of the book, and how the grader picks one. The languages are the
//! book's editions, [`book::Edition`], declared once in the `book` crate.

use book::Edition;

/// Reads `ko`/`en`, and locale names such as `ko_KR.UTF-8` (`C` and `POSIX` are English).
pub fn parse_edition(name: &str) -> Option<Edition> {
    let name = name.to_ascii_lowercase();
    if name == "c" || name == "posix" {
        return Some(Edition::En);
    }
    Edition::ALL.into_iter().find(|edition| name.starts_with(edition.code()))
}

/// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and
/// not empty decides; Korean if it names Korean, English otherwise.
pub fn edition_from_environment() -> Edition {
    edition_from_locale_variables(|name| std::env::var(name).ok())
}

/// As [`edition_from_environment`], reading the variables through `var`.
pub fn edition_from_locale_variables(var: impl Fn(&str) -> Option<String>) -> Edition {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty())
        .and_then(|value| parse_edition(&value))
        .unwrap_or(Edition::En)
}

/// One message in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: &'static str,
    /// Korean.
    pub ko: &'static str,
}

impl Text {
    /// The message in `edition`'s language.
    pub fn get(&self, edition: Edition) -> &'static str {
        match edition {
            Edition::Ko => self.ko,
            Edition::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_set_locale_variable_decides() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(edition_from_locale_variables(env(&[("LANG", "ko_KR.UTF-8")])), Edition::Ko);
        assert_eq!(edition_from_locale_variables(env(&[("LANG", "en_US.UTF-8")])), Edition::En);
        assert_eq!(edition_from_locale_variables(env(&[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")])), Edition::En);
        assert_eq!(edition_from_locale_variables(env(&[("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")])), Edition::Ko);
        assert_eq!(edition_from_locale_variables(env(&[("LANG", "fr_FR.UTF-8")])), Edition::En);
        assert_eq!(edition_from_locale_variables(env(&[])), Edition::En);
        assert_eq!(parse_edition("KO"), Some(Edition::Ko));
        assert_eq!(parse_edition("fr"), None);
    }
}
