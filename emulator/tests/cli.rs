//! The `nexus-emulator` binary: its listening line, the demo seed, the default database path,
//! argument errors and a clean stop on SIGTERM.

use nexus_emulator_testkit::EmulatorProcess;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_nexus-emulator");
const DEMO_PROJECT: &str = "proj_demo0000000000000000000000000000";
const DEMO_KEY: &str = "demo-secret-key-0000000000000000";

struct Emulator {
    process: EmulatorProcess,
    base: String,
}

impl Emulator {
    fn start(args: &[&str], env: &[(&str, &Path)]) -> Emulator {
        let launch = env.iter().fold(
            EmulatorProcess::serve(Path::new(BIN)).args(args),
            |launch, (k, v)| launch.env(k, v),
        );
        let process = launch.start().expect("start");
        let base = process.base_url().to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Emulator { process, base }
    }

    fn line(&mut self) -> String {
        self.process.next_line().expect("stdout")
    }

    /// SIGTERM, then the exit status within 10 s.
    fn terminate(mut self) -> std::process::ExitStatus {
        self.process.terminate().expect("did not stop on SIGTERM")
    }
}

async fn get(base: &str, path: &str, key: &str) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header(nexus_wire::header::SECRET_KEY, key)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_seed_prints_its_project_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    let mut emu = Emulator::start(&["--db", db_arg, "--seed", "demo"], &[]);
    assert_eq!(emu.line(), format!("endpoint: {}", emu.base));
    assert_eq!(emu.line(), format!("project: {DEMO_PROJECT}"));
    assert_eq!(emu.line(), format!("secret key: {DEMO_KEY}"));
    let (status, page) = get(
        &emu.base,
        &format!("/projects/{DEMO_PROJECT}/sequences"),
        DEMO_KEY,
    )
    .await;
    assert_eq!(status, 200);
    let seqs = page["data"].as_array().unwrap();
    assert!((5..=8).contains(&seqs.len()), "{} sequences", seqs.len());
    assert!(seqs.iter().all(|s| s["length"].as_u64().unwrap() > 0
        && !s["attributes"]["items"].as_object().unwrap().is_empty()));
    let before = page.clone();
    assert!(emu.terminate().success(), "clean exit on SIGTERM");

    // Seeding again on the same file prints the same lines and changes nothing.
    let mut emu = Emulator::start(&["--db", db_arg, "--seed", "demo"], &[]);
    assert_eq!(emu.line(), format!("endpoint: {}", emu.base));
    assert_eq!(emu.line(), format!("project: {DEMO_PROJECT}"));
    let (_, page) = get(
        &emu.base,
        &format!("/projects/{DEMO_PROJECT}/sequences"),
        DEMO_KEY,
    )
    .await;
    assert_eq!(page, before);
    // The demo has 300 assets: the last one links.
    let resp = reqwest::Client::new()
        .post(format!("{}/projects/{DEMO_PROJECT}/sequencesBulkUpdates", emu.base))
        .header(nexus_wire::header::SECRET_KEY, DEMO_KEY)
        .json(&serde_json::json!({"actions": [{"kind": "Link", "assetFilename": "image_299.jpg", "sequence": {"name": "New"}}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        serde_json::json!({"actions": ["Ok"]})
    );
    assert!(emu.terminate().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_database_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("env.db");
    let emu = Emulator::start(&[], &[("NEXUS_EMULATOR_DATA", &path)]);
    let (status, _) = get(&emu.base, "/_emulator/health", "").await;
    assert_eq!(status, 200);
    assert!(path.exists(), "database created at $NEXUS_EMULATOR_DATA");
    assert!(emu.terminate().success());

    let xdg = dir.path().join("xdg");
    let emu = Emulator::start(
        &[],
        &[
            ("XDG_DATA_HOME", &xdg),
            ("NEXUS_EMULATOR_DATA", Path::new("")),
        ],
    );
    assert!(
        xdg.join("nexus-emulator/emulator.db").exists(),
        "an empty variable counts as unset"
    );
    assert!(emu.terminate().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_flag_is_active_from_the_start() {
    let emu = Emulator::start(
        &[
            "--db",
            ":memory:",
            "--seed",
            "demo",
            "--faults",
            "503:1",
            "--fault-seed",
            "3",
        ],
        &[],
    );
    let (status, body) = get(
        &emu.base,
        &format!("/projects/{DEMO_PROJECT}/sequences"),
        DEMO_KEY,
    )
    .await;
    assert_eq!(status, 503);
    assert_eq!(body["code"], "ServiceUnavailableError");
    assert!(emu.terminate().success());
}

#[test]
fn bad_arguments_exit_with_usage_errors() {
    for args in [
        vec!["serve", "--max-items-per-sequence", "0"],
        vec!["serve", "--db", ":memory:", "--faults", "teapot:0.5"],
        vec!["serve", "--addr", "not-an-address"],
        vec!["serve", "--seed", "everything"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(!out.stderr.is_empty(), "{args:?}: an explanation on stderr");
    }
}
