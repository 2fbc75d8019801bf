//! What a caller can see of a response besides its body: the `lastResponse` of a result
//! (stripe-node's model: a non-enumerable property, so the data stays the plain objects it was)
//! and the `headers` of an error.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::transport::Reply;

/// `headers` as a plain object of lower-case names to values.
pub fn headers_object(headers: &[(String, String)]) -> JsValue {
    let object = Object::new();
    for (name, value) in headers {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object.into()
}

/// Gives `result` (an object made from `reply`'s body) the non-enumerable, read-only property
/// `lastResponse`: `{statusCode, requestId, headers, idempotencyKey}`.
pub fn attach_last_response(result: &JsValue, reply: &Reply) {
    let Some(result) = result.dyn_ref::<Object>() else {
        return;
    };
    let meta = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&meta, &JsValue::from_str(key), value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    set("statusCode", &JsValue::from(reply.status));
    set("requestId", &text(&reply.request_id));
    set("headers", &headers_object(&reply.headers));
    set("idempotencyKey", &text(&reply.idempotency_key));
    let descriptor = Object::new();
    let _ = Reflect::set(&descriptor, &JsValue::from_str("value"), &meta);
    // A fresh object from serde-wasm-bindgen: defining a property on it cannot throw.
    Object::define_property(result, &JsValue::from_str("lastResponse"), &descriptor);
}
