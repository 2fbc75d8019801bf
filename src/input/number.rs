//! `String(n)` for finite JavaScript numbers, so attribute values sent as strings read exactly
//! as the caller's JavaScript would print them (`20`, `1.5`, `1e+21`, `1e-7`).

/// The JavaScript `Number.prototype.toString()` text of a finite `n` (ECMA-262 Number::toString).
pub fn js_number_to_string(n: f64) -> String {
    // serde_json prints the shortest round-tripping digits, as JavaScript does, only laid out
    // differently (`20.0`, `1e21`, `1.5e-7`): read its digits and exponent back and lay them
    // out JavaScript's way. (Using it rather than `{:e}` keeps core's float formatting out of
    // the wasm binary.)
    let Some(number) = serde_json::Number::from_f64(n) else {
        return "NaN".to_owned(); // not reached: callers pass finite numbers only
    };
    let text = number.to_string();
    let unsigned = text.trim_start_matches('-');
    let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = [whole, fraction].concat();
    let leading_zeros = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    if digits.is_empty() {
        return "0".to_owned(); // also -0
    }
    // The value is 0.DIGITS x 10^n.
    let n = whole.len() as i32 + exponent.trim_start_matches('+').parse::<i32>().unwrap_or(0)
        - leading_zeros as i32;
    let k = digits.len() as i32;
    let sign = if text.starts_with('-') { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{e_sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{e_sign}{}", e.abs())
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::js_number_to_string as s;

    #[test]
    fn matches_javascript() {
        let cases: [(f64, &str); 23] = [
            (20.0, "20"),
            (1.5, "1.5"),
            (0.0, "0"),
            (-0.0, "0"),
            (-3.25, "-3.25"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1.5e21, "1.5e+21"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-7, "1.25e-7"),
            (0.5, "0.5"),
            (100.0, "100"),
            (9007199254740993.0, "9007199254740992"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (123.456, "123.456"),
            (-1e-7, "-1e-7"),
            (0.000123, "0.000123"),
            (1e300, "1e+300"),
            (-2.5e-300, "-2.5e-300"),
        ];
        for (n, expected) in cases {
            assert_eq!(s(n), expected, "{n:?}");
        }
    }
}
