//! Requests that hyper refuses before they reach the router: a request line or header that does
//! not parse (a raw 0xFF byte in the path, a bad `Content-Length`), a URI over 65,534 bytes
//! (the `http` crate's limit), a head over hyper's read buffer or with over 100 headers. hyper
//! answers those itself, with an empty body and no request id, then ends the connection.
//!
//! [`Guard`] sits between hyper and the socket and holds that automatic answer back; when the
//! connection has ended with hyper's error, [`answer`] sends our JSON error instead, with a
//! request id and the parse error's own words.

use crate::error::ApiError;
use crate::http::request_log;
use axum::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};

/// A connection's socket, minus hyper's automatic error answers.
pub struct Guard<T> {
    inner: T,
    /// The status of the answer hyper wrote and we held back.
    held: Option<StatusCode>,
}

impl<T> Guard<T> {
    /// Wraps a socket.
    pub fn new(inner: T) -> Self {
        Guard { inner, held: None }
    }
}

/// Where hyper's automatic answer starts in `buf`, and its status. It is always the last thing
/// hyper writes on a connection, an error status whose head ends the buffer and, unlike every
/// response of ours, has no `x-request-id`.
fn automatic_answer(buf: &[u8]) -> Option<(usize, StatusCode)> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let start = buf.windows(9).rposition(|w| w == b"HTTP/1.1 ")?;
    let head = &buf[start..];
    let status = head
        .get(9..12)
        .and_then(|digits| StatusCode::from_bytes(digits).ok())
        .filter(|status| status.as_u16() >= 400)?;
    let marker = format!("\n{}:", request_log::REQUEST_ID_HEADER.as_str());
    let ours = head
        .to_ascii_lowercase()
        .windows(marker.len())
        .any(|w| w == marker.as_bytes());
    (!ours).then_some((start, status))
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Guard<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.held.is_some() {
            return Poll::Ready(Ok(buf.len()));
        }
        match automatic_answer(buf) {
            None => Pin::new(&mut self.inner).poll_write(cx, buf),
            // Our earlier responses first; hyper writes the rest again.
            Some((start, _)) if start > 0 => {
                Pin::new(&mut self.inner).poll_write(cx, &buf[..start])
            }
            Some((_, status)) => {
                self.held = Some(status);
                Poll::Ready(Ok(buf.len()))
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.held.is_some() {
            // [`answer`] still has to write; it shuts down after.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then hands over each response as one buffer, head included.
}

impl<T: AsyncRead + Unpin> AsyncRead for Guard<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// After a connection ended with `error`: if hyper's answer was held back, sends ours.
pub async fn answer<T: AsyncWrite + Unpin>(mut guard: Guard<T>, error: &hyper::Error) {
    let Some(status) = guard.held else {
        return;
    };
    let id = request_log::new_request_id();
    let error = ApiError::malformed_http(status, error);
    tracing::info!(
        target: "nexus_emulator::access",
        route = "malformed",
        status = status.as_u16(),
        request_id = %id,
        message = %error.message,
    );
    let body = error.body_json();
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         {}: {id}\r\naccess-control-allow-origin: *\r\nconnection: close\r\n\r\n",
        body.len(),
        *request_log::REQUEST_ID_HEADER,
    );
    let inner = &mut guard.inner;
    // The client may be gone already; there is nobody left to tell.
    let _ = async {
        inner.write_all(head.as_bytes()).await?;
        inner.write_all(body.as_bytes()).await?;
        inner.shutdown().await
    }
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_hyper_answers_only() {
        let hyper = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(
            automatic_answer(hyper),
            Some((0, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE))
        );
        let ours = b"HTTP/1.1 200 OK\r\nx-request-id: req_1\r\ncontent-length: 2\r\n\r\n{}";
        let both = [&ours[..], &hyper[..]].concat();
        assert_eq!(
            automatic_answer(&both),
            Some((ours.len(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE))
        );
        assert_eq!(automatic_answer(ours), None);
        assert_eq!(
            automatic_answer(b"HTTP/1.1 204 No Content\r\nX-Request-Id: r\r\n\r\n"),
            None
        );
        assert_eq!(
            automatic_answer(b"HTTP/1.1 404 Not Found\r\nX-Request-Id: r\r\n\r\n"),
            None
        );
        assert_eq!(automatic_answer(b"HTTP/1.1 100 Continue\r\n\r\n"), None);
    }
}
