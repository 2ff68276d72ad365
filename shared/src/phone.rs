//! Phone numbers, normalised once so that `138 0013 8000`, `+86 13800138000` and
//! `008613800138000` are one customer. Chinese mobiles are kept as their 11 digits;
//! other countries in E.164 (`+44…`).

use crate::errors::Reason;

/// Why a phone number was refused ([`Reason::PhoneEmpty`] or [`Reason::PhoneInvalid`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPhone(pub Reason);

impl std::fmt::Display for InvalidPhone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::errors::text(crate::Locale::En, self.0))
    }
}

const HINT: Reason = Reason::PhoneInvalid;

pub fn normalize(input: &str) -> Result<String, InvalidPhone> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InvalidPhone(Reason::PhoneEmpty));
    }
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '(' | ')' | '.' | '\u{3000}' => {}
            _ => return Err(InvalidPhone(HINT)),
        }
    }
    // "00" is the international prefix dialled from China
    if !plus {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_owned();
            plus = true;
        }
    }
    let national = match (plus, digits.strip_prefix("86")) {
        (true, Some(rest)) => Some(rest.to_owned()),
        (true, None) => None,
        (false, Some(rest)) if digits.len() == 13 => Some(rest.to_owned()),
        (false, _) => Some(digits.clone()),
    };
    match national {
        Some(n) if is_cn_mobile(&n) => Ok(n),
        Some(_) => Err(InvalidPhone(HINT)),
        None if (7..=15).contains(&digits.len()) && !digits.starts_with('0') => {
            Ok(format!("+{digits}"))
        }
        None => Err(InvalidPhone(HINT)),
    }
}

fn is_cn_mobile(n: &str) -> bool {
    n.len() == 11
        && n.starts_with('1')
        && n.as_bytes()[1].is_ascii_digit()
        && n.as_bytes()[1] >= b'3'
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// `13800138000` → `138 0013 8000`, the way people read numbers aloud.
pub fn display(normalized: &str) -> String {
    if normalized.len() == 11 && !normalized.starts_with('+') {
        format!(
            "{} {} {}",
            &normalized[..3],
            &normalized[3..7],
            &normalized[7..]
        )
    } else {
        normalized.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spellings_of_one_chinese_mobile_are_one_number() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 13800138000",
            "+86-138-0013-8000",
            "008613800138000",
            "8613800138000",
            " 138 0013 8000 ",
        ] {
            assert_eq!(normalize(input).as_deref(), Ok("13800138000"), "{input}");
        }
    }

    #[test]
    fn other_countries_are_kept_in_e164() {
        assert_eq!(
            normalize("+44 20 7946 0958").as_deref(),
            Ok("+442079460958")
        );
        assert_eq!(
            normalize("0044 20 7946 0958").as_deref(),
            Ok("+442079460958")
        );
        assert_eq!(
            normalize("+1 (415) 555-2671").as_deref(),
            Ok("+14155552671")
        );
    }

    #[test]
    fn junk_is_refused() {
        for input in [
            "",
            "12345",
            "1380013800",
            "23800138000",
            "12800138000",
            "+86 1380013800",
            "138abc38000",
            "++8613800138000",
            "+0123456789",
        ] {
            assert!(normalize(input).is_err(), "{input:?} should be refused");
        }
    }

    #[test]
    fn display_groups_chinese_mobiles() {
        assert_eq!(display("13800138000"), "138 0013 8000");
        assert_eq!(display("+442079460958"), "+442079460958");
    }
}
