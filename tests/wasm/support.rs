//! Test helpers: the emulator's admin API (through gloo-net directly, not the SDK) and small
//! conveniences for driving the exported classes from Rust.

use gloo_net::http::Request;
use js_sys::{Function, Promise, Reflect, JSON};
use nexus_sequences::Client;
use nexus_sequences::Sequences;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The emulator under test.
pub fn emulator() -> &'static str {
    match option_env!("NEXUS_EMULATOR_URL") {
        Some(url) => url.trim_end_matches('/'),
        None => panic!(
            "NEXUS_EMULATOR_URL was not set when these tests were compiled: start `nexus-emulator serve \
             --addr 127.0.0.1:0 --db :memory:` and build the tests with NEXUS_EMULATOR_URL=http://127.0.0.1:PORT"
        ),
    }
}

/// A project of its own, with its secret key and its assets.
pub struct TestProject {
    pub id: String,
    pub key: String,
    /// `(assetId, filename)` of each asset, `img_0.jpg`...
    pub assets: Vec<(String, String)>,
}

impl TestProject {
    /// The project's sequences through a client with `options` (a JSON object text).
    pub fn sequences_with(&self, options: &str) -> Sequences {
        let client = Client::new(JsValue::from_str(&self.key), json(options)).expect("client");
        client
            .get_project(JsValue::from_str(&self.id))
            .expect("project")
            .sequences()
    }

    /// The project's sequences through a client on the emulator with no retries delay tweaks.
    pub fn sequences(&self) -> Sequences {
        self.sequences_with(&format!(r#"{{"endpoint": "{}"}}"#, emulator()))
    }

    /// Requests that reached the emulator for this project: `(total, count for route)`.
    pub async fn requests(&self, route: &str) -> (u64, u64) {
        let counts = admin(
            "GET",
            &format!("/_emulator/requests?projectId={}", self.id),
            None,
        )
        .await;
        let total = get(&counts, "total").as_f64().unwrap_or(-1.0) as u64;
        let routes = get(&counts, "routes");
        let one = Reflect::get(&routes, &route.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as u64;
        (total, one)
    }

    /// Installs fault rules (JSON array text) scoped to this project.
    pub async fn faults(&self, rules: &str) {
        let rules = rules.replace("$PROJECT", &self.id);
        admin(
            "PUT",
            "/_emulator/faults",
            Some(&format!(r#"{{"seed": 7, "rules": {rules}}}"#)),
        )
        .await;
    }

    /// Seeds `count` sequences of `items` items each, named `<prefix><i>`.
    pub async fn seed(&self, count: u32, items: u32, prefix: &str) {
        let body = format!(
            r#"{{"count": {count}, "itemsPerSequence": {items}, "namePrefix": "{prefix}"}}"#
        );
        admin(
            "POST",
            &format!("/_emulator/projects/{}/sequences", self.id),
            Some(&body),
        )
        .await;
    }
}

/// A new project with `assets` assets.
pub async fn project(assets: u32) -> TestProject {
    let created = admin("POST", "/_emulator/projects", Some("{}")).await;
    let id = get(&created, "projectId").as_string().expect("projectId");
    let key = get(&created, "secretKey").as_string().expect("secretKey");
    let mut list = Vec::new();
    if assets > 0 {
        let body = format!(r#"{{"count": {assets}, "filenamePrefix": "img_"}}"#);
        let made = admin(
            "POST",
            &format!("/_emulator/projects/{id}/assets"),
            Some(&body),
        )
        .await;
        for asset in js_sys::Array::from(&get(&made, "assets")).iter() {
            list.push((
                get(&asset, "assetId").as_string().expect("assetId"),
                get(&asset, "filename").as_string().expect("filename"),
            ));
        }
    }
    TestProject {
        id,
        key,
        assets: list,
    }
}

/// Calls the admin API and returns its parsed JSON (or `null` for an empty body).
pub async fn admin(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let url = format!("{}{path}", emulator());
    let builder = match method {
        "GET" => Request::get(&url),
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::post(&url),
    };
    let response = match body {
        Some(body) => {
            builder
                .header("Content-Type", "application/json")
                .body(body.to_owned())
                .expect("request")
                .send()
                .await
        }
        None => builder.send().await,
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = response.text().await.expect("admin body");
    assert!(
        response.ok(),
        "{method} {path} -> {}: {text}",
        response.status()
    );
    if text.is_empty() {
        JsValue::NULL
    } else {
        JSON::parse(&text).expect("admin JSON")
    }
}

/// Parses a JSON text into a JS value (the way callers write literals).
pub fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("bad test JSON: {text}"))
}

/// `value.a.b.c` (path segments separated by dots; numeric segments index arrays).
pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap_or(JsValue::UNDEFINED)
    })
}

/// `value.a.b` as a string.
pub fn text(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| format!("<not a string: {:?}>", get(value, path)))
}

/// Awaits a promise that must resolve.
pub async fn ok(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(error) => panic!(
            "rejected: {} {}",
            text(&error, "name"),
            text(&error, "message")
        ),
    }
}

/// Awaits a promise that must reject, returning the rejection.
pub async fn err(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => panic!(
            "resolved: {}",
            String::from(JSON::stringify(&value).unwrap_or_default())
        ),
        Err(error) => error,
    }
}

/// An `{signal}` options object with a fresh controller.
pub fn abortable(extra: &str) -> (web_sys::AbortController, JsValue) {
    let controller = web_sys::AbortController::new().expect("AbortController");
    let options = json(extra);
    Reflect::set(&options, &"signal".into(), &controller.signal()).expect("set signal");
    (controller, options)
}

/// Aborts `controller` after `ms`.
pub fn abort_later(controller: &web_sys::AbortController, ms: f64) {
    let schedule =
        Function::new_with_args("controller, ms", "setTimeout(() => controller.abort(), ms)");
    schedule
        .call2(&JsValue::NULL, controller, &JsValue::from_f64(ms))
        .expect("setTimeout");
}

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}
