//! Words in the two languages of the book, and how the grader picks one.

/// The language of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Korean, the book's first edition.
    Ko,
    /// English.
    En,
}

impl Lang {
    /// Reads `ko`/`en` (also `ko_KR.UTF-8`-style locale names).
    pub fn parse(name: &str) -> Option<Lang> {
        let name = name.to_ascii_lowercase();
        if name.starts_with("ko") {
            Some(Lang::Ko)
        } else if name.starts_with("en") || name == "c" || name == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
    /// and not empty decides; Korean if it names Korean, English otherwise.
    pub fn from_environment() -> Lang {
        Self::from_locale_variables(|name| std::env::var(name).ok())
    }

    /// As [`Lang::from_environment`], reading the variables through `var`.
    pub fn from_locale_variables(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::parse(&value))
            .unwrap_or(Lang::En)
    }
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
    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ko => self.ko,
            Lang::En => self.en,
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
        assert_eq!(Lang::from_locale_variables(env(&[("LANG", "ko_KR.UTF-8")])), Lang::Ko);
        assert_eq!(Lang::from_locale_variables(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale_variables(env(&[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale_variables(env(&[("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")])), Lang::Ko);
        assert_eq!(Lang::from_locale_variables(env(&[])), Lang::En);
    }
}
