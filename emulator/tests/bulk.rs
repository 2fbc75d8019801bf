//! The bulk-update endpoint: all twelve results, abort modes, merges, moves, ords, caps,
//! quotas, strict parsing and idempotency, over HTTP.

mod common;

use common::{link, link_to, split, strs, Project, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Instant;

async fn setup(assets: usize) -> (TestServer, Project, Vec<String>) {
    let server = TestServer::start().await;
    let project = server.project().await;
    let ids = server.assets(&project, assets).await;
    (server, project, ids)
}

fn reject(filename: &str, sequence: &str, ord: i64, role: Option<&str>) -> Value {
    json!({"kind": "Link", "assetFilename": filename,
           "sequence": {"name": sequence, "merge": "RejectSequenceOperation", "ord": ord, "role": role}})
}

fn unset(filename: &str) -> Value {
    json!({"kind": "Link", "assetFilename": filename, "sequence": "Unset"})
}

fn patch_name(name: &str, patch: Value) -> Value {
    json!({"kind": "PatchSequence", "sequenceName": name, "patch": patch})
}

fn remove_name(name: &str) -> Value {
    json!({"kind": "RemoveSequence", "sequenceName": name})
}

/// (ord, role, assetId) of a sequence's items.
fn slots(seq: &Value) -> Vec<(i64, Option<String>, String)> {
    seq["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["ord"].as_i64().unwrap(),
                i["role"].as_str().map(String::from),
                i["assetId"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_ok_links_and_creates_the_sequence() {
    let (server, project, ids) = setup(2).await;
    let results = server
        .apply(&project, json!([link_to("image_0.jpg", "A"), {"kind": "Link", "assetId": ids[1], "sequence": {"name": "A", "ord": 5, "role": "Axial"}}]))
        .await;
    assert_eq!(results, strs(&["Ok", "Ok"]));
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(
        slots(&seq),
        vec![
            (0, None, ids[0].clone()),
            (5, Some("Axial".into()), ids[1].clone())
        ]
    );
    assert_eq!(seq["itemCountWithRole"], json!({"Axial": 1}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_under_abort_on_any_failed_leaves_the_database_untouched() {
    let (server, project, _) = setup(3).await;
    server
        .apply(
            &project,
            json!([
                link_to("image_0.jpg", "A"),
                patch_name("A", json!({"attributes": {"k": "v"}}))
            ]),
        )
        .await;
    let before = server.all_sequences(&project).await;
    let results = server
        .bulk(
            &project,
            json!([
                link_to("image_1.jpg", "A"),
                link_to("image_2.jpg", "New"),
                patch_name("A", json!({"name": "Renamed"})),
                link_to("missing.jpg", "A"),
                remove_name("nope"),
            ]),
            "AbortOnAnyFailed",
        )
        .await;
    assert_eq!(
        results,
        strs(&[
            "Failed",
            "Failed",
            "Failed",
            "FailedLinkAssetNotFound",
            "FailedRemoveSequenceSequenceNotFound"
        ])
    );
    assert_eq!(
        server.all_sequences(&project).await,
        before,
        "nothing applied, dates included"
    );
    // The same actions without the failing ones apply.
    let results = server
        .bulk(
            &project,
            json!([link_to("image_1.jpg", "A"), link_to("image_2.jpg", "New")]),
            "AbortOnAnyFailed",
        )
        .await;
    assert_eq!(results, strs(&["Ok", "Ok"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn none_mode_applies_every_success_whatever_the_others_do() {
    let (server, project, _) = setup(3).await;
    let results = server
        .apply(
            &project,
            json!([
                link_to("image_0.jpg", "A"),
                link_to("missing.jpg", "A"),
                link_to("image_1.jpg", "A")
            ]),
        )
        .await;
    assert_eq!(results, strs(&["Ok", "FailedLinkAssetNotFound", "Ok"]));
    assert_eq!(server.sequence_named(&project, "A").await["length"], 2);
    // abortMode omitted means None.
    let (status, body) = server
        .bulk_raw(
            &project,
            &json!({"actions": [link_to("image_2.jpg", "A"), link_to("missing.jpg", "A")]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"actions": ["Ok", "FailedLinkAssetNotFound"]}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_link_asset_already_processed() {
    let (server, project, ids) = setup(1).await;
    let results = server
        .apply(&project, json!([link_to("image_0.jpg", "A"), {"kind": "Link", "assetId": ids[0], "sequence": {"name": "B"}}, unset("image_0.jpg")]))
        .await;
    assert_eq!(
        results,
        strs(&[
            "Ok",
            "FailedLinkAssetAlreadyProcessed",
            "FailedLinkAssetAlreadyProcessed"
        ])
    );
    assert_eq!(server.sequence_named(&project, "A").await["length"], 1);
    assert_eq!(
        server.sequence_named(&project, "B").await,
        Value::Null,
        "B was never created"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_link_asset_not_found() {
    let (server, project, _) = setup(1).await;
    let other = server.project().await;
    let foreign = server.assets(&other, 1).await;
    let results = server
        .apply(&project, json!([
                link_to("nope.jpg", "A"),
                {"kind": "Link", "assetId": "asset_00000000-0000-4000-8000-000000000000", "sequence": {"name": "A"}},
                {"kind": "Link", "assetId": foreign[0], "sequence": {"name": "A"}},
                unset("nope.jpg"),
            ]))
        .await;
    assert_eq!(results, strs(&["FailedLinkAssetNotFound"; 4]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_link_would_overwrite_existing_item() {
    let (server, project, ids) = setup(3).await;
    server
        .apply(
            &project,
            json!([link("image_0.jpg", "A", Some(0), Some("R"))]),
        )
        .await;
    let results = server
        .apply(
            &project,
            json!([
                reject("image_1.jpg", "A", 0, Some("R")),
                reject("image_0.jpg", "A", 0, Some("R")),
                reject("image_2.jpg", "A", 0, None)
            ]),
        )
        .await;
    // Its own slot is not "another asset"; the null role is a different slot from role R.
    assert_eq!(
        results,
        strs(&["FailedLinkWouldOverwriteExistingItem", "Ok", "Ok"])
    );
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(
        slots(&seq),
        vec![
            (0, None, ids[2].clone()),
            (0, Some("R".into()), ids[0].clone())
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_existing_entry_evicts_the_holder() {
    let (server, project, ids) = setup(2).await;
    server
        .apply(&project, json!([link("image_0.jpg", "A", Some(2), None)]))
        .await;
    let results = server.apply(&project, json!([{"kind": "Link", "assetFilename": "image_1.jpg", "sequence": {"name": "A", "ord": 2}}])).await;
    assert_eq!(
        results,
        strs(&["Ok"]),
        "merge defaults to ReplaceExistingEntry"
    );
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(slots(&seq), vec![(2, None, ids[1].clone())]);
    assert_eq!(seq["length"], 1);
    // The evicted asset is free: linking it elsewhere is a plain link.
    let results = server
        .apply(&project, json!([link_to("image_0.jpg", "A")]))
        .await;
    assert_eq!(results, strs(&["Ok"]));
    assert_eq!(
        slots(&server.sequence_named(&project, "A").await),
        vec![(2, None, ids[1].clone()), (3, None, ids[0].clone())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_link_sequence_would_exceed_maximum_item_count() {
    let server = TestServer::start_with(|c| c.max_items_per_sequence = 3).await;
    let project = server.project().await;
    server.assets(&project, 5).await;
    let results = server
        .apply(
            &project,
            json!([
                link_to("image_0.jpg", "A"),
                link_to("image_1.jpg", "A"),
                link_to("image_2.jpg", "A"),
                link_to("image_3.jpg", "A"),
                link("image_4.jpg", "A", Some(0), None),
            ]),
        )
        .await;
    // At the cap, replacing a held slot keeps the count and is allowed.
    assert_eq!(
        results,
        strs(&[
            "Ok",
            "Ok",
            "Ok",
            "FailedLinkSequenceWouldExceedMaximumItemCount",
            "Ok"
        ])
    );
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(seq["length"], 3);
    // Moving an item within its own sequence at the cap is fine too.
    let results = server
        .apply(&project, json!([link("image_1.jpg", "A", Some(9), None)]))
        .await;
    assert_eq!(results, strs(&["Ok"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_patch_sequence_sequence_not_found() {
    let (server, project, _) = setup(0).await;
    let results = server
        .apply(&project, json!([patch_name("nope", json!({"name": "x"})), {"kind": "PatchSequence", "sequenceId": "seq_nope", "patch": {"name": null, "attributes": null}}]))
        .await;
    assert_eq!(results, strs(&["FailedPatchSequenceSequenceNotFound"; 2]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_patch_sequence_attribute_size_would_exceed_limit() {
    let (server, project, _) = setup(1).await;
    server.link_all(&project, &[("image_0.jpg", "A")]).await;
    // 2 bytes of key + 1,048,574 bytes of value (a 3-byte char) = 1,048,576: allowed; one more: not.
    let exact = "日".repeat(349_524) + "xx";
    assert_eq!(2 + exact.len(), 1_048_576);
    let results = server
        .apply(
            &project,
            json!([patch_name("A", json!({"attributes": {"ké": exact + "x"}}))]),
        )
        .await;
    assert_eq!(
        results,
        strs(&["FailedPatchSequenceAttributeSizeWouldExceedLimit"])
    );
    let exact = "日".repeat(349_524) + "x";
    let results = server
        .apply(
            &project,
            json!([patch_name("A", json!({"attributes": {"ké": exact}}))]),
        )
        .await;
    assert_eq!(results, strs(&["Ok"]));
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(seq["attributes"]["bytesUsed"], 3 + 349_524 * 3 + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_patch_sequence_rename_would_duplicate() {
    let (server, project, _) = setup(2).await;
    server
        .link_all(&project, &[("image_0.jpg", "A"), ("image_1.jpg", "B")])
        .await;
    let results = server
        .apply(&project, json!([patch_name("A", json!({"name": "B"}))]))
        .await;
    assert_eq!(results, strs(&["FailedPatchSequenceRenameWouldDuplicate"]));
    assert_eq!(server.sequence_named(&project, "A").await["name"], "A");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_patch_sequence_sequence_already_processed() {
    let (server, project, _) = setup(2).await;
    server
        .link_all(&project, &[("image_0.jpg", "A"), ("image_1.jpg", "B")])
        .await;
    let a = server.sequence_named(&project, "A").await;
    let results = server
        .apply(&project, json!([
                patch_name("A", json!({"name": "A2"})),
                {"kind": "PatchSequence", "sequenceId": a["id"], "patch": {"attributes": {"k": "v"}}},
                patch_name("A", json!({"attributes": {"k": "v"}})),
                remove_name("B"),
                patch_name("B", json!({"name": "B2"})),
            ]))
        .await;
    assert_eq!(
        results,
        strs(&[
            "Ok",
            "FailedPatchSequenceSequenceAlreadyProcessed",
            "FailedPatchSequenceSequenceAlreadyProcessed",
            "Ok",
            "FailedPatchSequenceSequenceAlreadyProcessed"
        ])
    );
    let a2 = server.sequence_named(&project, "A2").await;
    assert_eq!(a2["attributes"]["items"], json!({}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_remove_sequence_sequence_not_found() {
    let (server, project, _) = setup(0).await;
    let results = server
        .apply(
            &project,
            json!([remove_name("nope"), {"kind": "RemoveSequence", "sequenceId": "seq_nope"}]),
        )
        .await;
    assert_eq!(results, strs(&["FailedRemoveSequenceSequenceNotFound"; 2]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_failed_remove_sequence_sequence_already_processed() {
    let (server, project, _) = setup(2).await;
    server
        .link_all(&project, &[("image_0.jpg", "A"), ("image_1.jpg", "B")])
        .await;
    let a = server.sequence_named(&project, "A").await;
    let results = server
        .apply(
            &project,
            json!([
                {"kind": "RemoveSequence", "sequenceId": a["id"]},
                {"kind": "RemoveSequence", "sequenceId": a["id"]},
                remove_name("A"),
                patch_name("B", json!({"attributes": {"k": "v"}})),
                remove_name("B"),
            ]),
        )
        .await;
    assert_eq!(
        results,
        strs(&[
            "Ok",
            "FailedRemoveSequenceSequenceAlreadyProcessed",
            "FailedRemoveSequenceSequenceAlreadyProcessed",
            "Ok",
            "FailedRemoveSequenceSequenceAlreadyProcessed"
        ])
    );
    assert_eq!(
        server.all_sequences(&project).await.len(),
        1,
        "B was patched, not removed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_see_earlier_effects_in_the_same_request() {
    let (server, project, _) = setup(2).await;
    let results = server
        .apply(
            &project,
            json!([
                link_to("image_0.jpg", "Fresh"),
                patch_name("Fresh", json!({"attributes": {"a": "b"}})),
                link_to("image_1.jpg", "Other"),
                remove_name("Other"),
            ]),
        )
        .await;
    assert_eq!(results, strs(&["Ok", "Ok", "Ok", "Ok"]));
    let all = server.all_sequences(&project).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["attributes"]["items"], json!({"a": "b"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ord_is_assigned_per_role() {
    let (server, project, ids) = setup(6).await;
    let results = server
        .apply(
            &project,
            json!([
                link_to("image_0.jpg", "A"),
                link("image_1.jpg", "A", Some(7), None),
                link_to("image_2.jpg", "A"),
                link("image_3.jpg", "A", None, Some("Axial")),
                link("image_4.jpg", "A", None, Some("Axial")),
                link("image_5.jpg", "A", Some(3), Some("Coronal")),
            ]),
        )
        .await;
    assert_eq!(results, strs(&["Ok"; 6]));
    let seq = server.sequence_named(&project, "A").await;
    assert_eq!(
        slots(&seq),
        vec![
            (0, None, ids[0].clone()),
            (0, Some("Axial".into()), ids[3].clone()),
            (1, Some("Axial".into()), ids[4].clone()),
            (3, Some("Coronal".into()), ids[5].clone()),
            (7, None, ids[1].clone()),
            (8, None, ids[2].clone()),
        ],
        "ordered by ord, then role with the null role first"
    );
    assert_eq!(seq["itemCountWithRole"], json!({"Axial": 2, "Coronal": 1}));
    assert_eq!(seq["length"], 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_between_sequences_updates_both_sides() {
    let (server, project, ids) = setup(3).await;
    server
        .link_all(
            &project,
            &[
                ("image_0.jpg", "A"),
                ("image_1.jpg", "A"),
                ("image_2.jpg", "B"),
            ],
        )
        .await;
    let a0 = server.sequence_named(&project, "A").await;
    let b0 = server.sequence_named(&project, "B").await;
    let results = server
        .apply(
            &project,
            json!([link("image_0.jpg", "B", None, Some("Axial"))]),
        )
        .await;
    assert_eq!(results, strs(&["Ok"]));
    let a1 = server.sequence_named(&project, "A").await;
    let b1 = server.sequence_named(&project, "B").await;
    assert_eq!(a1["length"], 1);
    assert_eq!(b1["length"], 2);
    assert_eq!(b1["itemCountWithRole"], json!({"Axial": 1}));
    assert!(
        a1["updateDate"].as_i64() > a0["updateDate"].as_i64(),
        "the sequence it left changed"
    );
    assert!(
        b1["updateDate"].as_i64() > b0["updateDate"].as_i64(),
        "the sequence it joined changed"
    );
    assert!(slots(&b1).iter().any(|s| s.2 == ids[0]));

    // Unset: out of B; an asset in no sequence is a no-op Ok. B stays when emptied.
    let results = server
        .apply(
            &project,
            json!([unset("image_0.jpg"), unset("image_2.jpg")]),
        )
        .await;
    assert_eq!(results, strs(&["Ok", "Ok"]));
    let results = server.apply(&project, json!([unset("image_0.jpg")])).await;
    assert_eq!(results, strs(&["Ok"]));
    let b2 = server.sequence_named(&project, "B").await;
    assert_eq!(b2["length"], 0);
    assert_eq!(b2["items"], json!([]));
    assert!(b2["updateDate"].as_i64() > b1["updateDate"].as_i64());
    assert_eq!(
        server.sequence_named(&project, "A").await,
        a1,
        "A untouched by the unsets"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_are_400s_naming_action_and_field_and_apply_nothing() {
    let (server, project, _) = setup(1).await;
    let valid = link_to("image_0.jpg", "A");
    let cases = [
        (json!([valid, link("image_0.jpg", "A", Some(-1), None)]), "actions[1].sequence.ord: invalid value: integer `-1`, expected u32"),
        (json!([valid, {"kind": "Frobnicate"}]), "actions[1].kind: unknown variant `Frobnicate`, expected one of `Link`, `PatchSequence`, `RemoveSequence`"),
        (json!([valid, {"kind": "Link", "assetId": "a", "assetFilename": "b", "sequence": "Unset"}]), "actions[1]: expected exactly one of assetId and assetFilename, got both"),
        (json!([valid, {"kind": "Link", "sequence": "Unset"}]), "actions[1]: expected exactly one of assetId and assetFilename, got neither"),
        (json!([valid, {"kind": "Link", "assetId": "a", "sequence": "Remove"}]), r#"actions[1].sequence: invalid value: string "Remove", expected "Unset" or an object {name, merge?, ord?, role?}"#),
        (json!([valid, {"kind": "Link", "assetId": "a", "sequence": {"name": "A", "merge": "Keep"}}]), "actions[1].sequence.merge: unknown variant `Keep`, expected `ReplaceExistingEntry` or `RejectSequenceOperation`"),
        (json!([valid, {"kind": "PatchSequence", "sequenceName": "A", "sequenceId": "s", "patch": {}}]), "actions[1]: expected exactly one of sequenceId and sequenceName, got both"),
        (json!([valid, {"kind": "PatchSequence", "sequenceName": "A", "patch": {"attributes": {"n": 1}}}]), "actions[1].patch.attributes.n: invalid type: integer `1`, expected a string"),
        (json!([valid, {"kind": "RemoveSequence", "sequenceName": 7}]), "actions[1].sequenceName: invalid type: integer `7`, expected a string"),
        (json!([valid, link("image_0.jpg", "A", Some(1 << 31), None)]), "actions[1].sequence.ord: expected an integer at most 2147483647, got 2147483648"),
        (json!([valid, {"kind": "Link", "assetId": "a", "sequence": "Unset", "sequenceName": "A"}]), "actions[1].sequenceName: unknown field `sequenceName` for a Link action, expected one of `kind`, `assetId`, `assetFilename`, `sequence`"),
        (json!([valid, {"kind": "PatchSequence", "sequenceName": "A", "patch": {"name": ""}}]), "actions[1].patch.name: expected a non-empty string, got \"\""),
        (json!([valid, "Link"]), r#"actions[1]: invalid type: string "Link", expected an action object {kind, ...}"#),
    ];
    for (actions, message) in cases {
        let (status, body) = server
            .bulk_raw(&project, &json!({"actions": actions}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{message}");
        assert_eq!(body["code"], "BadRequestError");
        assert_eq!(body["message"], message);
    }
    let (status, body) = server.bulk_raw(&project, &json!({"acts": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "acts: unknown field `acts`, expected `actions` or `abortMode`"
    );
    assert!(
        server.all_sequences(&project).await.is_empty(),
        "the valid first action was not applied"
    );
}

async fn bulk_with_key(
    server: &TestServer,
    project: &Project,
    key: &str,
    body: &Value,
) -> (StatusCode, Value, bool) {
    let resp = server
        .req(project, Method::POST, "/sequencesBulkUpdates")
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let replayed = resp
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let (status, body) = split(resp).await;
    (status, body, replayed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_key_replays_and_rejects_reuse() {
    let (server, project, _) = setup(2).await;
    server.link_all(&project, &[("image_0.jpg", "A")]).await;
    let body =
        json!({"actions": [remove_name("A"), link_to("image_1.jpg", "B")], "abortMode": "None"});
    let (status, first, replayed) = bulk_with_key(&server, &project, "key-1", &body).await;
    assert_eq!((status, replayed), (StatusCode::OK, false));
    assert_eq!(first, json!({"actions": ["Ok", "Ok"]}));
    // Changed since: B is removed by someone else. A replay must not apply anything again.
    server.apply(&project, json!([remove_name("B")])).await;
    // Same body, other formatting and key order: still the same request.
    let same =
        json!({"abortMode": "None", "actions": [remove_name("A"), link_to("image_1.jpg", "B")]});
    let (status, again, replayed) = bulk_with_key(&server, &project, "key-1", &same).await;
    assert_eq!((status, replayed), (StatusCode::OK, true));
    assert_eq!(again, first);
    assert!(
        server.all_sequences(&project).await.is_empty(),
        "the replay applied nothing"
    );

    let other = json!({"actions": [remove_name("A")]});
    let (status, err, _) = bulk_with_key(&server, &project, "key-1", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["code"], "IdempotencyKeyReusedError");

    // Keys are per project.
    let project2 = server.project().await;
    let (status, body2, replayed) = bulk_with_key(&server, &project2, "key-1", &other).await;
    assert_eq!((status, replayed), (StatusCode::OK, false));
    assert_eq!(
        body2,
        json!({"actions": ["FailedRemoveSequenceSequenceNotFound"]})
    );

    // An aborted request is remembered too: its replay reports the same failure.
    let aborted = json!({"actions": [link_to("image_0.jpg", "Z"), remove_name("nope")], "abortMode": "AbortOnAnyFailed"});
    let (status, first, _) = bulk_with_key(&server, &project, "key-2", &aborted).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first,
        json!({"actions": ["Failed", "FailedRemoveSequenceSequenceNotFound"]})
    );
    let (_, again, replayed) = bulk_with_key(&server, &project, "key-2", &aborted).await;
    assert!(replayed);
    assert_eq!(again, first);
    assert!(server.all_sequences(&project).await.is_empty());

    // A bad key is a 400.
    let (status, _, _) = bulk_with_key(&server, &project, "", &other).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_with_one_key_apply_once() {
    let (server, project, _) = setup(1).await;
    server.link_all(&project, &[("image_0.jpg", "A")]).await;
    let body = json!({"actions": [remove_name("A")]});
    let server = std::sync::Arc::new(server);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (server, project, body) = (server.clone(), project.clone(), body.clone());
            tokio::spawn(async move { bulk_with_key(&server, &project, "same-key", &body).await })
        })
        .collect();
    let mut replays = 0;
    for task in tasks {
        let (status, body, replayed) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body,
            json!({"actions": ["Ok"]}),
            "every answer is the first application's"
        );
        replays += usize::from(replayed);
    }
    assert_eq!(replays, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_links_in_one_request() {
    let server = TestServer::start().await;
    let project = server.project().await;
    server.assets(&project, 10_000).await;
    let actions: Vec<Value> = (0..10_000)
        .map(|i| {
            link(
                &format!("image_{i}.jpg"),
                &format!("S{}", i % 10),
                None,
                None,
            )
        })
        .collect();
    let started = Instant::now();
    let results = server
        .bulk(&project, Value::Array(actions), "AbortOnAnyFailed")
        .await;
    let elapsed = started.elapsed();
    eprintln!("10,000 links: {elapsed:?}");
    assert!(results.iter().all(|r| r == "Ok"));
    let all = server.all_sequences(&project).await;
    assert_eq!(all.len(), 10);
    assert!(all.iter().all(|s| s["length"] == 1000));
    // Generous for unoptimized test builds on a loaded 2-core machine; release is far faster.
    assert!(elapsed.as_secs_f64() < 10.0, "{elapsed:?}");
}
