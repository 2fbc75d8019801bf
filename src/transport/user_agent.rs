//! The `User-Agent` that names the SDK, sent from Node only: browsers forbid setting it (and a
//! header they did allow would need a CORS preflight the API may refuse), and other runtimes
//! keep their own.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// `nexus-sequences/<version> node/<version>` in Node (`process.versions.node`), else `None`.
pub fn of_this_runtime() -> Option<String> {
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key)).ok();
    let process = get(&js_sys::global(), "process")?;
    if !process.is_object() {
        return None;
    }
    let versions = get(&process, "versions").filter(JsValue::is_object)?;
    // Bun and Deno also answer `process.versions.node`; they name themselves there too.
    if get(&versions, "bun").is_some_and(|v| v.is_string())
        || get(&versions, "deno").is_some_and(|v| v.is_string())
    {
        return None;
    }
    let node = get(&versions, "node")?.as_string()?;
    Some(format!(
        "nexus-sequences/{} node/{node}",
        env!("CARGO_PKG_VERSION")
    ))
}
