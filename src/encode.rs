//! Writing JSON text (RFC 8259) by hand: the request bodies of [`crate::wire`] and the quoted
//! keys of validation messages. The bodies are small trees of objects, arrays, strings, integers
//! and `null`, so a serializer framework would cost far more wasm than this does.

/// A value that can write itself as JSON text.
pub trait ToJson {
    /// Appends `self` as JSON to `out`.
    fn write_json(&self, out: &mut String);
}

/// `value` as a JSON text.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// Appends `text` as a JSON string, escaping as serde_json does: `"` and `\`, the short forms
/// `\b \f \n \r \t`, and `\u00xx` (lowercase hex) for the other control characters.
pub fn write_str(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\u{1f}' => {
                let byte = ch as usize;
                out.push_str("\\u00");
                out.push(HEX[byte >> 4] as char);
                out.push(HEX[byte & 15] as char);
            }
            _ => out.push(ch),
        }
    }
    out.push('"');
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

/// A JSON object being written: [`ObjectWriter::entry`] per member, then [`ObjectWriter::end`].
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object in `out`.
    pub fn begin(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// Writes the member `key: value`.
    pub fn entry<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_str(self.out, key);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        assert_eq!(
            to_json("a\"b\\c\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é😀/"),
            r#""a\"b\\c\b\f\n\r\t\u0000\u001f"#.to_owned() + "\u{7f}é😀/\""
        );
    }

    #[test]
    fn values_nest() {
        let mut out = String::new();
        let mut object = ObjectWriter::begin(&mut out);
        object
            .entry("n", &Some(7u32))
            .entry("none", &None::<String>)
            .entry("list", &["x".to_owned(), "y".to_owned()][..]);
        object.end();
        assert_eq!(out, r#"{"n":7,"none":null,"list":["x","y"]}"#);
        assert_eq!(to_json(&Vec::<u32>::new()[..]), "[]");
    }
}
