//! The happy paths: bulkUpdate, list, get, patch, delete and iterate through the exported classes.

use js_sys::{Array, Reflect, Symbol};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{err, get, json, ok, project, text};

#[wasm_bindgen_test]
async fn bulk_update_list_get_patch_delete() {
    let p = project(3).await;
    let sequences = p.sequences();

    // Inferred kinds and snake_case spellings: two Links by filename and id.
    let actions = json(&format!(
        r#"[{{"asset_filename": "{}", "sequence": {{"name": "Patient A", "ord": 1, "role": "Sagittal"}}}},
            {{"assetId": "{}", "sequence": {{"name": "Patient A"}}}}]"#,
        p.assets[0].1, p.assets[1].0
    ));
    let result = ok(sequences.bulk_update(actions, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(
        String::from(js_sys::JSON::stringify(&result).unwrap()),
        r#"{"actions":["Ok","Ok"]}"#
    );

    let page =
        ok(sequences.list(json(r#"{"limit": 10}"#), JsValue::NULL, JsValue::UNDEFINED)).await;
    assert!(get(&page, "nextPage").is_null());
    assert!(get(&page, "prevPage").is_null());
    let data = Array::from(&get(&page, "data"));
    assert_eq!(data.length(), 1);
    let id = text(&data.get(0), "id");
    assert_eq!(text(&data.get(0), "name"), "Patient A");
    assert_eq!(text(&data.get(0), "projectId"), p.id);

    let filtered = ok(sequences.list(
        JsValue::UNDEFINED,
        json(r#"{"name": "Patient B"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(Array::from(&get(&filtered, "data")).length(), 0);
    // A real U+FFFD is an ordinary character, not a sign of a lone surrogate.
    let replacement = ok(sequences.list(
        JsValue::UNDEFINED,
        json(r#"{"name": "x\ufffd"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(Array::from(&get(&replacement, "data")).length(), 0);

    let sequence = ok(sequences.get(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
    assert_eq!(get(&sequence, "length").as_f64(), Some(2.0));
    assert_eq!(
        text(&sequence, "items.0.assetId"),
        p.assets[1].0,
        "ord 0 came first"
    );
    assert!(get(&sequence, "items.0.role").is_null());
    assert_eq!(text(&sequence, "items.1.role"), "Sagittal");
    assert_eq!(
        get(&sequence, "itemCountWithRole.Sagittal").as_f64(),
        Some(1.0)
    );

    // Attribute values of any simple type are sent as String(v).
    let patch = json(
        r#"{"name": "Patient B", "attributes": {"age": 20, "ratio": 1.5, "ok": true, "note": "x"}}"#,
    );
    let patched = ok(sequences.patch(JsValue::from_str(&id), patch, JsValue::UNDEFINED)).await;
    assert_eq!(text(&patched, "name"), "Patient B");
    assert_eq!(text(&patched, "attributes.items.age"), "20");
    assert_eq!(text(&patched, "attributes.items.ratio"), "1.5");
    assert_eq!(text(&patched, "attributes.items.ok"), "true");
    assert_eq!(
        get(&patched, "attributes.bytesUsed").as_f64(),
        Some(f64::from(3 + 2 + 5 + 3 + 2 + 4 + 4 + 1))
    );

    let deleted = ok(sequences.delete(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
    assert_eq!(get(&deleted, "deleted").as_bool(), Some(true));
    assert_eq!(text(&deleted, "id"), id);

    let gone = err(sequences.get(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
    assert_eq!(text(&gone, "name"), "NotFoundError");
}

#[wasm_bindgen_test]
async fn iterate_walks_every_page_on_demand() {
    let p = project(0).await;
    p.seed(25, 2, "walk-").await;
    let iterator = p
        .sequences()
        .iterate(
            json(r#"{"limit": 7}"#),
            JsValue::UNDEFINED,
            json(r#"{"readAhead": 0}"#),
        )
        .expect("iterator");

    let first = ok(iterator.next()).await;
    assert_eq!(get(&first, "done").as_bool(), Some(false));
    assert_eq!(
        p.requests("GET /projects/{projectId}/sequences").await.1,
        1,
        "one page so far"
    );

    let mut names = vec![text(&first, "value.name")];
    loop {
        let step = ok(iterator.next()).await;
        if get(&step, "done").as_bool() == Some(true) {
            assert!(get(&step, "value").is_undefined());
            break;
        }
        names.push(text(&step, "value.name"));
    }
    assert_eq!(names.len(), 25);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25);
    assert_eq!(
        p.requests("GET /projects/{projectId}/sequences").await.1,
        4,
        "ceil(25 / 7) pages"
    );

    // Stays done.
    assert_eq!(
        get(&ok(iterator.next()).await, "done").as_bool(),
        Some(true)
    );
}

#[wasm_bindgen_test]
async fn iterator_protocol_and_early_return() {
    let p = project(0).await;
    p.seed(5, 1, "ret-").await;
    let iterator = p
        .sequences()
        .iterate(
            json(r#"{"limit": 2}"#),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .expect("iterator");
    let js_iterator = JsValue::from(iterator.clone());
    let method =
        Reflect::get(&js_iterator, &Symbol::async_iterator()).expect("Symbol.asyncIterator");
    assert!(method.is_function(), "[Symbol.asyncIterator] is exported");
    let again = js_sys::Function::from(method)
        .call0(&js_iterator)
        .expect("call");
    let next: js_sys::Function = Reflect::get(&again, &"next".into()).expect("next").into();
    let step = JsFuture::from(js_sys::Promise::from(next.call0(&again).expect("next()")))
        .await
        .expect("step");
    let first = text(&step, "value.name");
    assert!(first.starts_with("ret-"), "{first}");

    let second = ok(iterator.next()).await;
    assert!(text(&second, "value.name").starts_with("ret-"));
    assert_ne!(text(&second, "value.name"), first, "the two share one walk");
    let finished = ok(iterator.finish()).await;
    assert_eq!(get(&finished, "done").as_bool(), Some(true));
    assert_eq!(
        get(&ok(iterator.next()).await, "done").as_bool(),
        Some(true)
    );
    // The default read-ahead may have requested the second page; return() stops the walk
    // there.
    let pages = p.requests("GET /projects/{projectId}/sequences").await.1;
    assert!(
        (1..=2).contains(&pages),
        "{pages} pages: none beyond the one read ahead"
    );
}

#[wasm_bindgen_test]
async fn bulk_update_kinds_and_abort_mode() {
    let p = project(2).await;
    let sequences = p.sequences();
    let setup = json(&format!(
        r#"[{{"assetId": "{}", "sequence": {{"name": "S"}}}}, {{"assetId": "{}", "sequence": {{"name": "T"}}}}]"#,
        p.assets[0].0, p.assets[1].0
    ));
    ok(sequences.bulk_update(setup, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;

    // All or nothing: the unknown sequence fails, so the rename is not applied.
    let actions =
        json(r#"[{"sequence_name": "S", "patch": {"name": "S2"}}, {"sequenceName": "nope"}]"#);
    let result = ok(sequences.bulk_update(
        actions,
        JsValue::from_str("AbortOnAnyFailed"),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        String::from(js_sys::JSON::stringify(&result).unwrap()),
        r#"{"actions":["Failed","FailedRemoveSequenceSequenceNotFound"]}"#
    );
    let page = ok(sequences.list(
        JsValue::UNDEFINED,
        json(r#"{"name": "S"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        Array::from(&get(&page, "data")).length(),
        1,
        "S kept its name"
    );

    // Unset without `sequence`, then remove by name.
    let actions = json(&format!(
        r#"[{{"asset_id": "{}"}}, {{"sequenceName": "T"}}]"#,
        p.assets[1].0
    ));
    let result =
        ok(sequences.bulk_update(actions, JsValue::from_str("None"), JsValue::UNDEFINED)).await;
    assert_eq!(
        String::from(js_sys::JSON::stringify(&result).unwrap()),
        r#"{"actions":["Ok","Ok"]}"#
    );
}
