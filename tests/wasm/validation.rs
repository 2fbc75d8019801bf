//! Bad input is a ValidationError naming argument, index and field, and never reaches the
//! network (the emulator's request counter for the project stays at zero).

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{err, get, json, project, text};

#[wasm_bindgen_test]
async fn bad_inputs_are_refused_without_a_request() {
    let p = project(1).await;
    let sequences = p.sequences();
    let asset = &p.assets[0].0;
    let nan_patch = json(r#"{"attributes": {}}"#);
    Reflect::set(
        &get(&nan_patch, "attributes"),
        &"age".into(),
        &JsValue::from_f64(f64::NAN),
    )
    .unwrap();
    let function_patch = json(r#"{"attributes": {}}"#);
    Reflect::set(
        &get(&function_patch, "attributes"),
        &"f".into(),
        &js_sys::Function::new_no_args(""),
    )
    .unwrap();
    let cyclic = json(r#"{"attributes": {}}"#);
    Reflect::set(&get(&cyclic, "attributes"), &"self".into(), &cyclic).unwrap();
    let map_patch = json("{}");
    Reflect::set(&map_patch, &"attributes".into(), &js_sys::Map::new()).unwrap();
    let bad_ord = json(&format!(
        r#"[{{"assetId": "{asset}"}}, {{"assetId": "{asset}"}}, {{"assetId": "{asset}"}},
            {{"assetId": "{asset}", "sequence": {{"name": "A", "ord": -1}}}}]"#
    ));

    let cases: Vec<(js_sys::Promise, &str)> = vec![
        (sequences.bulk_update(bad_ord, JsValue::UNDEFINED, JsValue::UNDEFINED), "actions[3].sequence.ord must be a non-negative integer, not -1"),
        (
            sequences.bulk_update(json(r#"[{"asset_filname": "a.jpg"}]"#), JsValue::UNDEFINED, JsValue::UNDEFINED),
            r#"actions[0] has unknown key "asset_filname""#,
        ),
        (
            sequences.bulk_update(json(r#"[{"assetId": "a", "sequenceId": "b"}]"#), JsValue::UNDEFINED, JsValue::UNDEFINED),
            "actions[0] is ambiguous: assetId makes it a Link but sequenceId does not belong in one; set kind or remove one",
        ),
        (sequences.bulk_update(json("[]"), JsValue::from_str("Sometimes"), JsValue::UNDEFINED), r#"abortMode must be "None" or "AbortOnAnyFailed", not "Sometimes""#),
        (sequences.patch(JsValue::from_str("seq_1"), nan_patch, JsValue::UNDEFINED), "patch.attributes.age must be a finite number"),
        (sequences.patch(JsValue::from_str("seq_1"), function_patch, JsValue::UNDEFINED), "patch.attributes.f must be plain data, not a function"),
        (sequences.patch(JsValue::from_str("seq_1"), cyclic, JsValue::UNDEFINED), "patch.attributes.self refers to an object that contains it (a cycle)"),
        (
            sequences.patch(JsValue::from_str("seq_1"), map_patch, JsValue::UNDEFINED),
            "patch.attributes must be a plain object or array (not a Map, Set, Date, class instance, ...)",
        ),
        (sequences.get(JsValue::from_str("../etc"), JsValue::UNDEFINED), "sequenceId must match [A-Za-z0-9_-]{1,256}"),
        (sequences.delete(JsValue::from_str("a?b"), JsValue::UNDEFINED), "sequenceId must match [A-Za-z0-9_-]{1,256}"),
        (sequences.get(JsValue::from_f64(3.0), JsValue::UNDEFINED), "sequenceId must be a string, not 3"),
        (sequences.list(json(r#"{"limit": 0}"#), JsValue::UNDEFINED, JsValue::UNDEFINED), "pagination.limit must be an integer from 1 to 1000, not 0"),
        (sequences.list(JsValue::UNDEFINED, json(r#"{"name": ""}"#), JsValue::UNDEFINED), "filters.name must be a non-empty string of at most 1024 bytes"),
        (sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, json(r#"{"timeoutMs": -5}"#)), "options.timeoutMs must be an integer from 1 to 2147483647, not -5"),
        (sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, json(r#"{"signal": 1}"#)), "options.signal must be an AbortSignal"),
        (sequences.get(JsValue::from_str("seq_1"), json(r#"{"idempotencyKey": "k"}"#)), r#"options has unknown key "idempotencyKey""#),
        (
            sequences.list(JsValue::UNDEFINED, json(r#"{"name": "bad\ud800name"}"#), JsValue::UNDEFINED),
            "filters.name is not well-formed UTF-16 (it has a lone surrogate)",
        ),
        (
            sequences.patch(JsValue::from_str("seq_1"), json(r#"{"attributes": {"\udc00": "v"}}"#), JsValue::UNDEFINED),
            "patch.attributes has a key that is not well-formed UTF-16 (it has a lone surrogate)",
        ),
    ];
    for (promise, message) in cases {
        let error = err(promise).await;
        assert_eq!(text(&error, "name"), "ValidationError", "{message}");
        assert_eq!(text(&error, "message"), message);
        assert_eq!(text(&error, "code"), "ValidationError");
        assert!(get(&error, "status").is_null());
        assert!(get(&error, "requestId").is_null());
    }
    let error = sequences
        .iterate(
            json(r#"{"limit": 1001}"#),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .expect_err("refused");
    assert_eq!(text(&error, "detail.argument"), "pagination");
    assert_eq!(text(&error, "detail.field"), "pagination.limit");

    assert_eq!(p.requests("").await.0, 0, "no request reached the emulator");
}
