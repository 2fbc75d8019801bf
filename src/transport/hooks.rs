//! Calls into the caller's hooks. A hook that throws, or returns a promise that rejects, is
//! reported with `console.warn` and the call goes on: every call into the caller's code is a
//! catching call, so no exception of theirs crosses wasm.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::Transport;
use crate::input::io::Hook;

impl Transport {
    /// Calls the caller's `hook`, if any, with the object `info` builds (only built when there
    /// is a hook to see it).
    pub(super) fn notify(&self, hook: Hook, info: impl FnOnce() -> Object) {
        let Some(function) = self.io.hooks.get(hook) else {
            return;
        };
        match function.call1(&JsValue::UNDEFINED, &info()) {
            Err(thrown) => report(hook, "threw", &thrown),
            Ok(returned) if returned.is_object() => {
                // An async hook's rejection would otherwise be unhandled.
                let then = Reflect::get(&returned, &JsValue::from_str("then"));
                if let Ok(then) = then.and_then(JsCast::dyn_into::<Function>) {
                    if let Some(reporter) = reporter(hook, "rejected") {
                        let _ = then.call2(&returned, &JsValue::UNDEFINED, &reporter);
                    }
                }
            }
            Ok(_) => {}
        }
    }
}

/// `console.warn` bound to its console and to the text that names `hook` and what it `did`.
fn reporter(hook: Hook, did: &str) -> Option<Function> {
    let console = Reflect::get(&js_sys::global(), &JsValue::from_str("console")).ok()?;
    let warn: Function = Reflect::get(&console, &JsValue::from_str("warn"))
        .ok()?
        .dyn_into()
        .ok()?;
    let text = format!(
        "nexus-sequences: hooks.{} {did}; the call goes on:",
        hook.name()
    );
    Some(
        warn.bind1(&console, &JsValue::from_str(&text))
            .unchecked_into(),
    )
}

/// Reports that `hook` `did` something wrong, with what it threw.
fn report(hook: Hook, did: &str, thrown: &JsValue) {
    if let Some(warn) = reporter(hook, did) {
        let _ = warn.call1(&JsValue::UNDEFINED, thrown);
    }
}
