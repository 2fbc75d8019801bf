//! Checking JSON text against a [`Shape`] in one pass, without building anything.
//!
//! The SDK never needs the response data in Rust: the objects handed to JavaScript come from
//! `JSON.parse` (see [`crate::decode`]). What it needs is the certainty that a body has the
//! documented shape, and, when it does not, a message naming where (`data[3].items[0].ord`).
//! A strict RFC 8259 scanner driven by a static description of the shape does exactly that,
//! allocating nothing on the success path; it also keeps serde's deserializer and core's float
//! formatting out of the wasm binary.

use std::borrow::Cow;
use std::fmt::Write;

/// Deeper nesting is refused (a hostile body must not exhaust the stack).
const MAX_DEPTH: usize = 128;

/// The shape a JSON value must have.
#[derive(Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// A string or `null`.
    NullableStr,
    /// `true` or `false`.
    Bool,
    /// An integer in `0..=max`, written without fraction or exponent.
    Uint(u64),
    /// An integer in `-2^53..=2^53` (JavaScript-safe), written without fraction or exponent.
    Int,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// An array of values of the shape.
    Array(&'static Shape),
    /// An object whose every value has the shape (any keys).
    Map(&'static Shape),
    /// An object with these required fields (others are allowed and only checked for syntax).
    Object(&'static [(&'static str, Shape)]),
}

impl Shape {
    fn describe(&self) -> Cow<'static, str> {
        match self {
            Shape::Str => "a string".into(),
            Shape::NullableStr => "a string or null".into(),
            Shape::Bool => "a boolean".into(),
            Shape::Uint(max) => format!("an integer from 0 to {max}").into(),
            Shape::Int => "an integer".into(),
            Shape::OneOf(values) => format!("one of {}", values.join(", ")).into(),
            Shape::Array(_) => "an array".into(),
            Shape::Map(_) | Shape::Object(_) => "an object".into(),
        }
    }
}

/// Bytes that end a run of plain string content: `"`, `\\` and control characters.
static ENDS_PLAIN_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// One step of the path to the value being read.
enum Step<'a> {
    Key(Cow<'a, [u8]>),
    Index(usize),
}

/// Why a value does not fit, and where: the path is collected while the error travels back up
/// the recursion, so the success path does no bookkeeping at all.
struct Problem<'a> {
    /// Innermost step first.
    steps: Vec<Step<'a>>,
    message: String,
}

impl<'a> Problem<'a> {
    fn within(mut self: Box<Self>, step: Step<'a>) -> Box<Self> {
        self.steps.push(step);
        self
    }
}

// Boxed, so the hot success path returns one word.
impl From<String> for Box<Problem<'_>> {
    fn from(message: String) -> Self {
        Box::new(Problem {
            steps: Vec::new(),
            message,
        })
    }
}

/// Checks that `text` is one JSON value of shape `shape`; the error names the path and the
/// problem, e.g. `data[3].items[0].ord: expected an integer from 0 to 4294967295, found "6"`.
pub fn validate(text: &str, shape: &Shape) -> Result<(), String> {
    let mut reader = Reader::new(text);
    let result = reader.shaped(shape, 0).and_then(|()| Ok(reader.end()?));
    result.map_err(|problem| {
        let mut message = render(problem.steps.iter().rev());
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&problem.message);
        message
    })
}

/// Whether `text` is exactly one JSON value.
pub fn is_json(text: &str) -> bool {
    let mut reader = Reader::new(text);
    reader.skip_value(0).and_then(|()| reader.end()).is_ok()
}

/// The string members `names` of a top-level JSON object, in that order; `None` when `text` is
/// not a JSON object or one of them is missing or not a string.
pub fn string_members<const N: usize>(text: &str, names: [&str; N]) -> Option<[String; N]> {
    let mut reader = Reader::new(text);
    let mut found: [Option<String>; N] = std::array::from_fn(|_| None);
    reader.expect_byte(b'{').ok()?;
    let mut first = true;
    while reader.next_member(&mut first).ok()? {
        let key = reader.string().ok()?;
        reader.colon().ok()?;
        match names.iter().position(|name| name.as_bytes() == &*key) {
            Some(i) if reader.peek() == Some(b'"') => {
                found[i] = Some(String::from_utf8_lossy(&reader.string().ok()?).into_owned())
            }
            _ => reader.skip_value(1).ok()?,
        }
    }
    reader.end().ok()?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, value) in out.iter_mut().zip(found) {
        *slot = value?;
    }
    Some(out)
}

fn render<'s, 'a: 's>(path: impl Iterator<Item = &'s Step<'a>>) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(&String::from_utf8_lossy(key));
            }
            Step::Index(index) => {
                let _ = write!(text, "[{index}]");
            }
        }
    }
    text
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
        self.bytes.get(self.at).copied()
    }

    #[cold]
    fn syntax(&self, what: &str) -> String {
        format!("invalid JSON at byte {}: {what}", self.at)
    }

    fn end(&mut self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    #[inline(always)]
    fn expect_byte(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.expected(byte))
        }
    }

    #[cold]
    fn expected(&self, byte: u8) -> String {
        self.syntax(&format!("expected `{}`", byte as char))
    }

    fn colon(&mut self) -> Result<(), String> {
        self.expect_byte(b':')
    }

    /// Before each member of an object whose `{` was read: `true` if one follows (its key
    /// is next), `false` after the closing `}`.
    #[inline(always)]
    fn next_member(&mut self, first: &mut bool) -> Result<bool, String> {
        self.next_item(first, b'}')
    }

    fn next_item(&mut self, first: &mut bool, close: u8) -> Result<bool, String> {
        let mut next = self.peek();
        if next == Some(close) {
            self.at += 1;
            return Ok(false);
        }
        if !*first {
            if next != Some(b',') {
                return Err(self.expected(b','));
            }
            self.at += 1;
            next = self.peek();
            if next == Some(close) {
                return Err(self.syntax("trailing comma"));
            }
        }
        *first = false;
        match next {
            Some(_) => Ok(true),
            None => Err(self.syntax("unexpected end")),
        }
    }

    /// A string token's UTF-8 content, borrowed when it has no escapes.
    #[inline(always)]
    fn string(&mut self) -> Result<Cow<'a, [u8]>, String> {
        if self.peek() != Some(b'"') {
            return Err(self.expected(b'"'));
        }
        let start = self.at + 1;
        let rest = &self.bytes[start..];
        // Fast path: one tight scan to the closing quote; escapes and errors go the slow way.
        match rest.iter().position(|&b| ENDS_PLAIN_RUN[usize::from(b)]) {
            Some(end) if rest[end] == b'"' => {
                self.at = start + end + 1;
                Ok(Cow::Borrowed(&rest[..end]))
            }
            _ => self.escaped_string(start),
        }
    }

    /// The rest of [`Self::string`] from `start` (just after the opening quote).
    #[cold]
    fn escaped_string(&mut self, start: usize) -> Result<Cow<'a, [u8]>, String> {
        self.at = start;
        while let Some(b) = self.bytes.get(self.at) {
            if ENDS_PLAIN_RUN[usize::from(*b)] {
                break;
            }
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            None => return Err(self.syntax("unterminated string")),
            Some(b'\\') => {}
            Some(_) => return Err(self.syntax("control character in string")),
        }
        let mut owned = self.text[start..self.at].to_owned();
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.syntax("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(owned.into_bytes()));
                }
                Some(b'\\') => {
                    let escape = self.bytes.get(self.at + 1).copied();
                    self.at += 2;
                    match escape {
                        Some(b'"') => owned.push('"'),
                        Some(b'\\') => owned.push('\\'),
                        Some(b'/') => owned.push('/'),
                        Some(b'b') => owned.push('\u{8}'),
                        Some(b'f') => owned.push('\u{c}'),
                        Some(b'n') => owned.push('\n'),
                        Some(b'r') => owned.push('\r'),
                        Some(b't') => owned.push('\t'),
                        Some(b'u') => {
                            let hex = self
                                .text
                                .get(self.at..self.at + 4)
                                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
                            let unit = hex
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .ok_or_else(|| self.syntax("invalid \\u escape"))?;
                            self.at += 4;
                            // Lone surrogates are legal JSON; JSON.parse keeps them, we only compare keys.
                            owned.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.syntax("invalid escape")),
                    }
                }
                Some(b) if *b < 0x20 => return Err(self.syntax("control character in string")),
                Some(_) => {
                    // Copy one whole UTF-8 character.
                    let ch = self.text[self.at..].chars().next().unwrap_or('\u{fffd}');
                    owned.push(ch);
                    self.at += ch.len_utf8();
                }
            }
        }
    }

    /// A number token: `(negative, integer value if it has no fraction or exponent)`.
    fn number(&mut self) -> Result<(bool, Option<u64>), String> {
        self.peek();
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let digits_start = self.at;
        let mut value: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.bytes.get(self.at).copied() {
            // Wraps past 19 digits; such numbers are refused by the digit count below.
            value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.at += 1;
        }
        let digits = self.at - digits_start;
        if digits == 0 || (digits > 1 && self.bytes[digits_start] == b'0') {
            return Err(self.syntax("invalid number"));
        }
        let mut integral = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            self.digits()?;
            integral = false;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            self.digits()?;
            integral = false;
        }
        Ok((negative, (integral && digits <= 19).then_some(value)))
    }

    fn digits(&mut self) -> Result<(), String> {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        if self.at == start {
            Err(self.syntax("invalid number"))
        } else {
            Ok(())
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.syntax("expected value"))
        }
    }

    /// Reads any value, checking only its syntax.
    fn skip_value(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(self.syntax("nested too deeply"));
        }
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'[') => {
                self.at += 1;
                let mut first = true;
                while self.next_item(&mut first, b']')? {
                    self.skip_value(depth + 1)?;
                }
                Ok(())
            }
            Some(b'{') => {
                self.at += 1;
                let mut first = true;
                while self.next_member(&mut first)? {
                    self.string()?;
                    self.colon()?;
                    self.skip_value(depth + 1)?;
                }
                Ok(())
            }
            Some(_) => Err(self.syntax("expected value")),
            None => Err(self.syntax("unexpected end")),
        }
    }

    /// What the value starting here is, for messages (`found a string`).
    fn found(&mut self) -> String {
        let start = self.at;
        let kind = match self.peek() {
            Some(b'"') => "a string",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'[') => "an array",
            Some(b'{') => "an object",
            _ => "something else",
        };
        // Show short scalars themselves.
        let mut probe = Reader {
            at: self.at,
            ..*self
        };
        if !matches!(kind, "an array" | "an object")
            && probe.skip_value(0).is_ok()
            && probe.at - self.at <= 40
        {
            return format!("{kind} {}", &self.text[self.at..probe.at]);
        }
        self.at = start;
        kind.to_owned()
    }

    /// Reads a value of shape `shape` at nesting `depth`.
    fn shaped(&mut self, shape: &Shape, depth: usize) -> Result<(), Box<Problem<'a>>> {
        let mismatch = |reader: &mut Self| -> Result<(), Box<Problem<'a>>> {
            Err(format!("expected {}, found {}", shape.describe(), reader.found()).into())
        };
        match (shape, self.peek()) {
            (Shape::Str | Shape::NullableStr, Some(b'"')) => Ok(self.string().map(drop)?),
            (Shape::NullableStr, Some(b'n')) => Ok(self.literal("null")?),
            (Shape::Bool, Some(b't')) => Ok(self.literal("true")?),
            (Shape::Bool, Some(b'f')) => Ok(self.literal("false")?),
            (Shape::Uint(max), Some(b'-' | b'0'..=b'9')) => {
                let start = self.at;
                match self.number()? {
                    (false, Some(value)) if value <= *max => Ok(()),
                    (true, Some(0)) => Ok(()),
                    _ => {
                        self.at = start;
                        mismatch(self)
                    }
                }
            }
            (Shape::Int, Some(b'-' | b'0'..=b'9')) => {
                let start = self.at;
                match self.number()? {
                    (_, Some(value)) if value <= 1 << 53 => Ok(()),
                    _ => {
                        self.at = start;
                        mismatch(self)
                    }
                }
            }
            (Shape::OneOf(values), Some(b'"')) => {
                let start = self.at;
                let value = self.string()?;
                if values.iter().any(|v| v.as_bytes() == &*value) {
                    Ok(())
                } else {
                    self.at = start;
                    mismatch(self)
                }
            }
            (Shape::Array(item), Some(b'[')) => {
                self.at += 1;
                let mut first = true;
                let mut index = 0;
                while self.next_item(&mut first, b']')? {
                    self.shaped(item, depth + 1)
                        .map_err(|p| p.within(Step::Index(index)))?;
                    index += 1;
                }
                Ok(())
            }
            (Shape::Map(value), Some(b'{')) => {
                self.at += 1;
                let mut first = true;
                while self.next_member(&mut first)? {
                    let key = self.string()?;
                    self.colon()?;
                    self.shaped(value, depth + 1)
                        .map_err(|p| p.within(Step::Key(key)))?;
                }
                Ok(())
            }
            (Shape::Object(fields), Some(b'{')) => {
                self.at += 1;
                // Which required fields were seen (the API's objects have fewer than 64).
                let mut seen: u64 = 0;
                let mut first = true;
                // Servers write fields in a fixed order: try the one after the last match first.
                let mut next = 0;
                while self.next_member(&mut first)? {
                    let key = self.string()?;
                    self.colon()?;
                    let found = match fields.get(next) {
                        Some((name, _)) if name.as_bytes() == &*key => Some(next),
                        _ => fields.iter().position(|(name, _)| name.as_bytes() == &*key),
                    };
                    match found {
                        Some(i) => {
                            seen |= 1 << i;
                            next = i + 1;
                            self.shaped(&fields[i].1, depth + 1)
                                .map_err(|p| p.within(Step::Key(key)))?;
                        }
                        None => self.skip_value(depth + 1)?,
                    }
                }
                match fields
                    .iter()
                    .enumerate()
                    .find(|(i, _)| seen & (1 << i) == 0)
                {
                    Some((_, (name, _))) => Err(format!("missing field `{name}`").into()),
                    None => Ok(()),
                }
            }
            (_, None) => Err(self.syntax("unexpected end").into()),
            _ => {
                let start = self.at;
                self.skip_value(depth)?; // a syntax error wins over a type error
                self.at = start;
                mismatch(self)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ITEM: Shape = Shape::Object(&[
        ("id", Shape::Str),
        ("n", Shape::Uint(10)),
        ("tag", Shape::NullableStr),
    ]);
    static LIST: Shape = Shape::Object(&[
        ("items", Shape::Array(&ITEM)),
        ("counts", Shape::Map(&Shape::Int)),
    ]);

    #[test]
    fn accepts_the_shape_with_extra_fields_and_whitespace() {
        let text = r#" { "extra": [1, {"x": [true, null, -1.5e3]}], "items": [ {"id": "a\"b", "n": 10, "tag": null, "more": {}} ],
                       "counts": {"x": -3, "y": 9007199254740992} } "#;
        assert_eq!(validate(text, &LIST), Ok(()));
        assert_eq!(validate(r#"{"items": [], "counts": {}}"#, &LIST), Ok(()));
        assert!(validate(r#""\u00e9\ud83d\ude00 é""#, &Shape::Str).is_ok());
        assert!(validate("-0", &Shape::Uint(5)).is_ok());
    }

    #[test]
    fn names_the_path_of_a_wrong_value() {
        let cases = [
            (
                r#"{"items": [{"id": "a", "n": 1, "tag": null}, {"id": "b", "n": "2", "tag": null}], "counts": {}}"#,
                r#"items[1].n: expected an integer from 0 to 10, found a string "2""#,
            ),
            (
                r#"{"items": [{"id": "a", "n": 11, "tag": null}], "counts": {}}"#,
                "items[0].n: expected an integer from 0 to 10, found a number 11",
            ),
            (
                r#"{"items": [{"id": "a", "n": 1.0, "tag": null}], "counts": {}}"#,
                "items[0].n: expected an integer from 0 to 10, found a number 1.0",
            ),
            (
                r#"{"items": [{"id": "a", "n": -1, "tag": null}], "counts": {}}"#,
                "items[0].n: expected an integer from 0 to 10, found a number -1",
            ),
            (
                r#"{"items": [{"id": 5, "n": 1, "tag": null}], "counts": {}}"#,
                "items[0].id: expected a string, found a number 5",
            ),
            (
                r#"{"items": [{"id": "a", "n": 1, "tag": 3}], "counts": {}}"#,
                "items[0].tag: expected a string or null, found a number 3",
            ),
            (
                r#"{"items": [{"id": "a", "n": 1}], "counts": {}}"#,
                "items[0]: missing field `tag`",
            ),
            (
                r#"{"items": {}, "counts": {}}"#,
                "items: expected an array, found an object",
            ),
            (
                r#"{"items": [], "counts": {"a b": 1.5}}"#,
                "counts.a b: expected an integer, found a number 1.5",
            ),
            (
                r#"{"items": [], "counts": {"z": 9007199254740993}}"#,
                "counts.z: expected an integer, found a number 9007199254740993",
            ),
            (r#"{"counts": {}}"#, "missing field `items`"),
            ("[]", "expected an object, found an array"),
        ];
        for (text, message) in cases {
            assert_eq!(validate(text, &LIST), Err(message.to_owned()), "{text}");
        }
        assert_eq!(
            validate(
                r#"["Ok", "Maybe"]"#,
                &Shape::Array(&Shape::OneOf(&["Ok", "Failed"]))
            ),
            Err(r#"[1]: expected one of Ok, Failed, found a string "Maybe""#.to_owned())
        );
    }

    #[test]
    fn refuses_invalid_json() {
        for text in [
            "",
            " ",
            "{",
            r#"{"items": [}"#,
            "[1,]",
            "[,1]",
            r#"{"a":1,}"#,
            "01",
            "1.",
            "1e",
            "-",
            "+1",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            r#""abc"#,
            "\"a\u{1}b\"",
            r#""\x""#,
            r#""\u12""#,
            "{} {}",
            "{'a': 1}",
            r#"{"a" 1}"#,
            "[1 2]",
        ] {
            assert!(!is_json(text), "{text:?}");
            assert!(
                validate(text, &Shape::Map(&Shape::Int))
                    .unwrap_err()
                    .contains("invalid JSON"),
                "{text:?}"
            );
        }
        for text in [
            "0",
            "-0",
            "1.5e-3",
            "1E+2",
            "\"\"",
            "[]",
            "{}",
            " [ [ ] , { } ] ",
            "null",
            "true",
        ] {
            assert!(is_json(text), "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(!is_json(&deep));
        let inside = format!(r#"{{"items": [], "counts": {{}}, "x": {deep}}}"#);
        assert!(validate(&inside, &LIST)
            .unwrap_err()
            .contains("nested too deeply"));
    }

    #[test]
    fn escaped_keys_match() {
        assert!(validate(r#"{"it\u0065ms": [], "counts": {}}"#, &LIST).is_ok());
    }

    #[test]
    fn reads_string_members() {
        let body =
            r#"{"code": "NotFound", "other": [1, {"a": "b"}], "message": "No \"such\" thing"}"#;
        assert_eq!(
            string_members(body, ["code", "message"]),
            Some(["NotFound".to_owned(), "No \"such\" thing".to_owned()])
        );
        assert_eq!(
            string_members(r#"{"code": "X"}"#, ["code", "message"]),
            None
        );
        assert_eq!(
            string_members(r#"{"code": "X", "message": 5}"#, ["code", "message"]),
            None
        );
        assert_eq!(string_members("<html>", ["code", "message"]), None);
        assert_eq!(
            string_members(r#"{"code": "X", "message": "m"} x"#, ["code", "message"]),
            None
        );
    }
}
