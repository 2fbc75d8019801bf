//! `String(n)` for finite JavaScript numbers, so attribute values sent as strings read exactly
//! as the caller's JavaScript would print them (`20`, `1.5`, `1e+21`, `1e-7`).

/// The JavaScript `Number.prototype.toString()` text of a finite `n`: on wasm, JavaScript's own,
/// so it is exact by definition and no float formatting is compiled into the binary.
#[cfg(target_arch = "wasm32")]
pub fn js_number_to_string(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// The JavaScript `Number.prototype.toString()` text of a finite `n` (ECMA-262
/// Number::toString), for native builds (the unit tests), where there is no JavaScript to ask.
#[cfg(not(target_arch = "wasm32"))]
pub fn js_number_to_string(n: f64) -> String {
    // `{:e}` prints the shortest round-tripping digits, as JavaScript does, only laid out
    // differently (`2e1`, `1.5e-7`): read its digits and exponent back and lay them out
    // JavaScript's way.
    if n == 0.0 {
        return "0".to_owned(); // also -0
    }
    let text = format!("{:e}", n.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // The value is 0.DIGITS x 10^n.
    let n_exp = exponent.parse::<i32>().unwrap_or(0) + 1;
    let k = digits.len() as i32;
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if k <= n_exp && n_exp <= 21 {
        format!("{digits}{}", "0".repeat((n_exp - k) as usize))
    } else if 0 < n_exp && n_exp <= 21 {
        format!(
            "{}.{}",
            &digits[..n_exp as usize],
            &digits[n_exp as usize..]
        )
    } else if -6 < n_exp && n_exp <= 0 {
        format!("0.{}{digits}", "0".repeat((-n_exp) as usize))
    } else {
        let e = n_exp - 1;
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
