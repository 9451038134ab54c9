//! The baseline for `bench/listen.sh`: the least a hyper 1.x server can do
//! for a webhook. It reads each request's whole body and answers 200 with
//! an empty body over HTTP/1.1 keep-alive, on tokio's multi-thread runtime.
//!
//! Usage: bare-hyper [PORT]   (0 or nothing picks a free port)
//! The bound port is the first line on stdout.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Write;
use tokio::net::TcpListener;

async fn handle(req: Request<Incoming>) -> Result<Response<Empty<Bytes>>, Infallible> {
    // Read the whole body, as any webhook receiver must; a broken body
    // still gets its 200 (the connection ends anyway).
    let _ = req.into_body().collect().await;
    Ok(Response::new(Empty::new()))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> std::io::Result<()> {
    let port: u16 = match std::env::args().nth(1) {
        None => 0,
        Some(p) => p.parse().map_err(|e| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("bad port {p:?}: {e}"))
        })?,
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", listener.local_addr()?.port())?;
        out.flush()?;
    }
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            Err(_) => continue,
        };
        // hook listen sets TCP_NODELAY too; keep the comparison fair.
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), hyper::service::service_fn(handle))
                .await;
        });
    }
}
