//! Fixtures through the binary: `serve --import FILE`, `export --db PATH` and
//! `GET /_emulator/export` write and read the same canonical bytes; a bad file is refused before
//! the server starts, naming the path of the first wrong value, and leaves the database as it
//! was. Also `--stop-on-stdin-close`, the parent-watching the npm test API relies on.

use nexus_emulator_testkit::EmulatorProcess;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_nexus-emulator");
const EXAMPLE: &str = include_str!("../fixtures/example.json");

/// A running `serve` with a stdin pipe, its base URL, stopped by SIGTERM.
struct Served {
    process: EmulatorProcess,
    base: String,
}

impl Served {
    fn start(args: &[&str]) -> Served {
        let process = EmulatorProcess::serve(Path::new(BIN))
            .args(args)
            .stdin_piped()
            .start()
            .expect("start");
        let base = process.base_url().to_string();
        Served { process, base }
    }

    /// Stops it with SIGTERM and waits: the database file is closed afterwards.
    fn stop(mut self) {
        assert!(self.process.terminate().expect("stop").success());
    }
}

fn export(db: &Path) -> String {
    let out = Command::new(BIN)
        .args(["export", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn import_into(db: &Path, fixture: &Path, extra: &[&str]) -> Served {
    let mut args = vec![
        "--db",
        db.to_str().unwrap(),
        "--import",
        fixture.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    Served::start(&args)
}

async fn admin_export(base: &str) -> String {
    reqwest::get(format!("{base}/_emulator/export"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_import_export_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // A richer state than the example: the demo (300 assets, roles, attributes), plus a
    // second project in the demo's workspace and a key of its own workspace.
    let first = dir.path().join("first.db");
    let served = Served::start(&["--db", first.to_str().unwrap(), "--seed", "demo"]);
    let client = reqwest::Client::new();
    for body in [
        json!({"projectId": "proj_second", "secretKey": "demo-secret-key-0000000000000000"}),
        json!({"projectId": "proj_third", "secretKey": "third-key!"}),
    ] {
        let response = client
            .post(format!("{}/_emulator/projects", served.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let from_route = admin_export(&served.base).await;
    served.stop();
    let exported = export(&first);
    assert_eq!(exported, from_route, "the route and the command agree");
    let parsed: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(parsed["projects"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["secretKeys"].as_array().unwrap().len(), 2);

    let file = dir.path().join("state.json");
    std::fs::write(&file, &exported).unwrap();
    let second = dir.path().join("second.db");
    import_into(&second, &file, &[]).stop();
    assert_eq!(export(&second), exported, "byte for byte");

    // The repository's example fixture is canonical too, and imports into :memory:.
    let example = dir.path().join("example.json");
    std::fs::write(&example, EXAMPLE).unwrap();
    let served = Served::start(&["--db", ":memory:", "--import", example.to_str().unwrap()]);
    assert_eq!(admin_export(&served.base).await, EXAMPLE);
    served.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_replaces_the_state_and_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.db");
    let example = dir.path().join("example.json");
    std::fs::write(&example, EXAMPLE).unwrap();
    // Whatever the file held before is replaced; a seed applies after the import.
    Served::start(&["--db", db.to_str().unwrap(), "--seed", "demo"]).stop();
    let served = import_into(&db, &example, &[]);
    let page: Value = reqwest::Client::new()
        .get(format!(
            "{}/projects/proj_example0000000000000000000000/sequences",
            served.base
        ))
        .header(
            nexus_wire::header::SECRET_KEY,
            "example-secret-key-0000000000000",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Patient A", "Patient B"]);
    assert_eq!(page["data"][0]["length"], 3);
    assert_eq!(
        page["data"][0]["itemCountWithRole"],
        json!({"Axial": 1, "Sagittal": 2})
    );
    assert_eq!(page["data"][0]["updateDate"], 1767229200000_i64);
    served.stop();
    let state: Value = serde_json::from_str(&export(&db)).unwrap();
    assert_eq!(
        state["projects"].as_array().unwrap().len(),
        1,
        "the demo is gone"
    );
}

/// Each kind of mistake: (what to change in the example, the path the message must start
/// with). Changes are JSON pointers set to a value (`None` removes the key).
fn mistakes() -> Vec<(&'static str, Option<Value>, &'static str)> {
    vec![
        ("/version", Some(json!(2)), "version: expected 1, got 2"),
        ("/projects/0/createDate", Some(json!("yesterday")), "projects[0].createDate: invalid type"),
        ("/projects/0/assets/0/filename", None, "projects[0].assets[0]: missing field `filename`"),
        ("/projects/0/sequences/0/items/0/rolee", Some(json!("Axial")), "projects[0].sequences[0].items[0].rolee: unknown field"),
        ("/projects/0/sequences/0/items/0/ord", Some(json!(-1)), "projects[0].sequences[0].items[0].ord: invalid value"),
        ("/projects/0/sequences/0/items/0/ord", Some(json!(2147483648_u64)), "projects[0].sequences[0].items[0].ord: expected an integer at most 2147483647"),
        ("/projects/0/sequences/0/items/0/role", Some(json!("")), "projects[0].sequences[0].items[0].role: expected 1 to 1024 bytes"),
        ("/projects/0/assets/1/assetId", Some(json!("no spaces")), "projects[0].assets[1].assetId: expected 1 to 256 characters"),
        ("/projects/0/assets/1/assetId", Some(json!("asset_knee_0")), "projects[0].assets[1].assetId: \"asset_knee_0\" is listed twice"),
        ("/projects/0/assets/2/filename", Some(json!("knee/sagittal_0.jpg")), "projects[0].assets[2].filename: \"knee/sagittal_0.jpg\" is already the filename"),
        ("/projects/0/sequences/1/name", Some(json!("Patient A")), "projects[0].sequences[1].name: \"Patient A\" is already the name"),
        ("/projects/0/sequences/1/items/0/assetId", Some(json!("asset_elsewhere")), "projects[0].sequences[1].items[0].assetId: \"asset_elsewhere\" is not an asset of this project"),
        ("/projects/0/sequences/1/items/0/assetId", Some(json!("asset_knee_0")), "projects[0].sequences[1].items[0].assetId: \"asset_knee_0\" is already an item"),
        ("/projects/0/sequences/1/items/1/ord", Some(json!(0)), "projects[0].sequences[1].items[1]: another item already holds role None, ord 0"),
        ("/projects/0/sequences/0/updateDate", Some(json!(0)), "projects[0].sequences[0].updateDate: 0 is before createDate"),
        ("/projects/0/sequences/1/attributes/", Some(json!("empty key")), "projects[0].sequences[1].attributes[\"\"]: expected 1 to 1024 bytes, got 0"),
        ("/secretKeys/0/secretKey", Some(json!("a key with spaces")), "secretKeys[0].secretKey: expected 1 to 256 visible ASCII characters"),
        ("/projects/0/workspaceId", Some(json!(null)), "projects[0].workspaceId: invalid type: null"),
    ]
}

fn with_change(fixture: &Value, pointer: &str, value: Option<Value>) -> Value {
    let mut changed = fixture.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = changed.pointer_mut(parent).unwrap();
    match (target, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(key.to_string(), value);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(items), Some(value)) => items[key.parse::<usize>().unwrap()] = value,
        (target, _) => panic!("cannot change {pointer} in {target}"),
    }
    changed
}

#[test]
fn a_bad_fixture_is_refused_with_its_path_and_the_database_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("existing.db");
    Served::start(&["--db", db.to_str().unwrap(), "--seed", "demo"]).stop();
    let before = std::fs::read(&db).unwrap();
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    let bad = dir.path().join("bad.json");
    let mut cases: Vec<(String, String)> = mistakes()
        .into_iter()
        .map(|(pointer, value, expected)| {
            let text =
                serde_json::to_string_pretty(&with_change(&example, pointer, value)).unwrap();
            (text, expected.to_string())
        })
        .collect();
    cases.push((
        EXAMPLE[..EXAMPLE.len() / 2].to_string(),
        "body: invalid JSON: EOF while parsing".into(),
    ));
    for (text, expected) in cases {
        std::fs::write(&bad, &text).unwrap();
        let out = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--import")
            .arg(&bad)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{expected}: {stderr}");
        assert!(out.stdout.is_empty(), "{expected}: never served");
        let prefix = format!("nexus-emulator: --import {}: {expected}", bad.display());
        assert!(
            stderr.starts_with(&prefix),
            "expected {prefix:?}, got {stderr:?}"
        );
        assert!(
            !stderr.contains("a key with spaces"),
            "a key is never echoed"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{expected}: database untouched"
        );
    }
    // Over the item cap of this run.
    std::fs::write(&bad, EXAMPLE).unwrap();
    let out = Command::new(BIN)
        .args([
            "serve",
            "--db",
            ":memory:",
            "--max-items-per-sequence",
            "2",
            "--import",
        ])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("projects[0].sequences[0].items: 3 items, over the item cap of 2"));
}

#[test]
fn export_refuses_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    for (args, expected) in [
        (
            vec!["export", "--db", missing.to_str().unwrap()],
            "no such database file",
        ),
        (
            vec!["export", "--db", ":memory:"],
            "an in-memory database has nothing to export",
        ),
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(expected));
    }
    assert!(!missing.exists(), "export never creates a database");
}

#[test]
fn closing_stdin_stops_the_server_with_stop_on_stdin_close() {
    let mut served = Served::start(&["--db", ":memory:", "--stop-on-stdin-close"]);
    served.process.close_stdin();
    assert!(served.process.wait().expect("stops").success());
}
