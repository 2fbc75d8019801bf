//! The HTTP server: our own accept loop over hyper, so that a fault can drop one connection
//! (with a TCP reset) and shutdown can drain the rest.

use crate::app;
use crate::config::Config;
use crate::counts::RequestCounts;
use crate::faults::Faults;
use crate::fixture;
use crate::rejection;
use crate::seed::{self, DemoProject};
use crate::state::AppState;
use crate::store::{OpenError, Store};
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// How long shutdown waits for in-flight requests.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Handle to the connection a request arrived on, given to it as a request extension.
#[derive(Clone)]
pub struct ConnectionControl {
    reset: CancellationToken,
}

impl ConnectionControl {
    /// Drops the connection at once; the client sees a reset, never a response.
    pub fn reset(&self) {
        self.reset.cancel();
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The database could not be opened.
    Database(OpenError),
    /// The fixture could not be imported.
    Import(String),
    /// The demo seed failed.
    Seed(String),
    /// The address could not be bound.
    Bind(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database(e) => write!(f, "database: {e}"),
            StartError::Import(e) => write!(f, "import: {e}"),
            StartError::Seed(e) => write!(f, "seed: {e}"),
            StartError::Bind(e) => write!(f, "bind: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A bound, ready server.
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
    demo: Option<DemoProject>,
}

impl Server {
    /// Opens the database, applies the seed and binds the address.
    pub async fn bind(config: Config) -> Result<Server, StartError> {
        let store = Store::open(&config.db).map_err(StartError::Database)?;
        let faults = Faults::default();
        if let Some(spec) = config.faults {
            faults.set(spec);
        }
        let state = AppState {
            store,
            counts: Arc::new(RequestCounts::default()),
            faults: Arc::new(faults),
            max_items_per_sequence: i64::from(config.max_items_per_sequence),
        };
        if let Some(fixture) = config.import {
            state
                .store
                .write(move |conn| Ok(fixture::import(conn, &fixture)?))
                .await
                .map_err(|e| StartError::Import(e.to_string()))?;
        }
        let demo = if config.seed_demo {
            Some(
                seed::demo(&state.store)
                    .await
                    .map_err(|e| StartError::Seed(e.to_string()))?,
            )
        } else {
            None
        };
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(StartError::Bind)?;
        Ok(Server {
            listener,
            router: app::router(state.clone()),
            state,
            demo,
        })
    }

    /// The address actually bound (port 0 resolved).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The demo project, when seeded.
    pub fn demo(&self) -> Option<&DemoProject> {
        self.demo.as_ref()
    }

    /// The shared state (for embedding and tests).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then drains in-flight requests.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let stopping = CancellationToken::new();
        let connections = TaskTracker::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        connections.spawn(serve_connection(stream, self.router.clone(), stopping.clone()));
                    }
                    Err(err) => {
                        // Out of file descriptors and the like: wait instead of spinning.
                        tracing::warn!(%err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
            }
        }
        drop(self.listener);
        stopping.cancel();
        connections.close();
        if tokio::time::timeout(DRAIN_TIMEOUT, connections.wait())
            .await
            .is_err()
        {
            tracing::warn!("shutdown: some connections did not finish in time");
        }
    }
}

async fn serve_connection(stream: TcpStream, router: Router, stopping: CancellationToken) {
    // A second descriptor of the socket lets a reset set SO_LINGER 0 while hyper owns the stream.
    let Ok((stream, twin)) = split_for_reset(stream) else {
        return;
    };
    let reset = CancellationToken::new();
    let control = ConnectionControl {
        reset: reset.clone(),
    };
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(control.clone());
        router.clone().oneshot(request.map(axum::body::Body::new))
    });
    let mut connection = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(rejection::Guard::new(stream)), service);
    let mut draining = false;
    let ended = loop {
        tokio::select! {
            ended = &mut connection => break ended,
            _ = reset.cancelled() => {
                let _ = socket2::SockRef::from(&twin).set_linger(Some(Duration::ZERO));
                return;
            }
            _ = stopping.cancelled(), if !draining => {
                draining = true;
                std::pin::Pin::new(&mut connection).graceful_shutdown();
            }
        }
    };
    if let Err(error) = ended {
        rejection::answer(connection.into_parts().io.into_inner(), &error).await;
    }
}

fn split_for_reset(stream: TcpStream) -> std::io::Result<(TcpStream, std::net::TcpStream)> {
    let std_stream = stream.into_std()?;
    let twin = std_stream.try_clone()?;
    let _ = std_stream.set_nodelay(true);
    Ok((TcpStream::from_std(std_stream)?, twin))
}
