//! The `Idempotency-Key` of a write that the caller gave none.

use js_sys::Math;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> Result<String, JsValue>;
}

/// A fresh `Idempotency-Key`: `crypto.randomUUID()`, or where that is missing (plain-http
/// pages are not a secure context) a v4-shaped UUID from `Math.random`.
pub fn new_idempotency_key() -> String {
    random_uuid().unwrap_or_else(|_| {
        let mut text = String::with_capacity(36);
        for c in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".chars() {
            let nibble = (Math::random() * 16.0) as u32 & 15;
            text.push(match c {
                'x' => char::from_digit(nibble, 16).unwrap_or('0'),
                'y' => char::from_digit(8 | (nibble & 3), 16).unwrap_or('8'),
                _ => c,
            });
        }
        text
    })
}
