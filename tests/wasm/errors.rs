//! Error kinds by status, their properties, and registered error classes.

use js_sys::{Function, Object, Reflect};
use nexus_sequences::register_error_classes;
use nexus_sequences::Client;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{emulator, err, get, json, ok, project, text};

const MISSING: &str = "seq_00000000-0000-4000-8000-000000000000";

#[wasm_bindgen_test]
async fn wrong_key_is_forbidden_and_never_echoed() {
    let p = project(0).await;
    let wrong_key = "not-the-key-0123456789";
    let client = Client::new(
        JsValue::from_str(wrong_key),
        json(&format!(r#"{{"endpoint": "{}"}}"#, emulator())),
    )
    .unwrap();
    let sequences = client
        .get_project(JsValue::from_str(&p.id))
        .unwrap()
        .sequences();
    let error =
        err(sequences.list(JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&error, "name"), "ForbiddenError");
    assert_eq!(get(&error, "status").as_f64(), Some(403.0));
    assert_eq!(text(&error, "code"), "ForbiddenError");
    assert!(
        text(&error, "message").starts_with("403 ForbiddenError: "),
        "{}",
        text(&error, "message")
    );
    assert!(!text(&error, "message").contains(wrong_key));
    assert_eq!(text(&error, "detail.code"), "ForbiddenError");
    assert!(!get(&error, "requestId")
        .as_string()
        .unwrap_or_default()
        .is_empty());
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        p.requests("GET /projects/{projectId}/sequences").await.1,
        1,
        "403 is not retried"
    );
}

#[wasm_bindgen_test]
async fn empty_key_is_refused_before_any_request() {
    let Err(error) = Client::new(JsValue::from_str(""), JsValue::UNDEFINED) else {
        panic!("an empty key was accepted");
    };
    assert_eq!(text(&error, "name"), "ValidationError");
    assert!(get(&error, "status").is_null());
    assert_eq!(text(&error, "detail.argument"), "secretKey");
}

#[wasm_bindgen_test]
async fn unknown_sequence_is_not_found() {
    let p = project(0).await;
    let error = err(p
        .sequences()
        .get(JsValue::from_str(MISSING), JsValue::UNDEFINED))
    .await;
    assert_eq!(text(&error, "name"), "NotFoundError");
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
    assert_eq!(text(&error, "code"), "ResourceNotFoundError");
    assert!(text(&error, "message").starts_with("404 ResourceNotFoundError: "));
    assert_eq!(
        p.requests("GET /projects/{projectId}/sequences/{sequenceId}")
            .await
            .1,
        1
    );
}

#[wasm_bindgen_test]
async fn rename_onto_an_existing_name_conflicts() {
    let p = project(0).await;
    p.seed(2, 1, "dup-").await;
    let sequences = p.sequences();
    let page = ok(sequences.list(
        JsValue::UNDEFINED,
        json(r#"{"name": "dup-0"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let id = text(&page, "data.0.id");
    let error = err(sequences.patch(
        JsValue::from_str(&id),
        json(r#"{"name": "dup-1"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&error, "name"), "ConflictError");
    assert_eq!(get(&error, "status").as_f64(), Some(409.0));
}

#[wasm_bindgen_test]
async fn plain_http_to_a_remote_host_needs_opt_in() {
    let refused = Client::new(
        JsValue::from_str("k"),
        json(r#"{"endpoint": "http://example.com"}"#),
    );
    let error = refused.expect_err("refused");
    assert_eq!(text(&error, "name"), "ValidationError");
    assert_eq!(text(&error, "detail.field"), "options.endpoint");
    assert!(Client::new(
        JsValue::from_str("k"),
        json(r#"{"endpoint": "http://example.com", "allowInsecureHttp": true}"#)
    )
    .is_ok());
}

#[wasm_bindgen_test]
async fn registered_classes_are_used() {
    let make = Function::new_no_args(
        r#"
        class NexusError extends Error {
          constructor(message, props) { super(message); this.name = new.target.name; Object.assign(this, props); }
        }
        const classes = { NexusError };
        for (const name of ["BadRequestError", "UnauthorizedError", "ForbiddenError", "NotFoundError",
            "ConflictError", "TooManyRequestsError", "InternalServerError", "ServiceUnavailableError",
            "GatewayTimeoutError", "NetworkConnectionError", "RequestTimeoutError", "ResponseDecodeError",
            "ValidationError"]) {
          classes[name] = { [name]: class extends NexusError {} }[name];
        }
        return classes;
        "#,
    );
    let classes: Object = make.call0(&JsValue::UNDEFINED).unwrap().into();
    register_error_classes(classes.clone()).expect("registered");

    let p = project(0).await;
    let error = err(p
        .sequences()
        .get(JsValue::from_str(MISSING), JsValue::UNDEFINED))
    .await;
    let not_found: Function = Reflect::get(&classes, &"NotFoundError".into())
        .unwrap()
        .into();
    let base: Function = Reflect::get(&classes, &"NexusError".into()).unwrap().into();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(Reflect::get(&error, &"constructor".into()).unwrap() == JsValue::from(not_found));
    let grand_prototype =
        Reflect::get_prototype_of(&Reflect::get_prototype_of(&error).unwrap()).unwrap();
    assert!(JsValue::from(grand_prototype) == Reflect::get(&base, &"prototype".into()).unwrap());
    assert_eq!(text(&error, "name"), "NotFoundError");
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
    assert!(get(&error, "requestId").is_string());

    let bad = Object::new();
    assert!(
        register_error_classes(bad).is_err(),
        "an incomplete map is refused"
    );
}
