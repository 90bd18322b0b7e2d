//! Accepting connections, so that clients that never finish a request cannot stop the
//! server answering.
//!
//! `axum::serve` holds a connection as long as its client keeps it open, even one that
//! never sends a whole request (slowloris), and accepts until the process runs out of
//! files; then nothing is answered and a rebuild cannot open the site's files either.
//! Here each connection is served by hyper with a deadline for request headers, and the
//! number held at once stays below the open-file limit. When that many are open, the
//! oldest one that has not sent a request yet makes room; if every one has, the newcomer
//! is told to come back later.

use std::collections::BTreeMap;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

/// How long a client may take to send a request's headers, and how long a connection
/// may stay idle between requests; browsers send theirs at once.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The most connections held at once: each browser tab keeps one for live reload and
/// opens a few more for a page's files.
const MAX_CONNECTIONS: u64 = 256;
/// How long open connections may take to end once the server is stopping.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `router` to the connections `listener` accepts, until `stop` completes; then
/// ends the connections, waiting a little for answers under way.
pub(crate) async fn run(listener: TcpListener, router: Router, stop: impl Future<Output = ()>) {
    let registry = Arc::new(Registry::new(connection_cap()));
    let (closing, closing_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut stop = pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        while tasks.try_join_next().is_some() {}
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of files or memory for now: connections ending will free some.
            Err(e) if is_resource_error(&e) => {
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(100)) => continue,
                    () = &mut stop => break,
                }
            }
            // A client that gave up before it was accepted.
            Err(_) => continue,
        };
        let Some((id, conn)) = registry.admit() else {
            refuse(&stream);
            continue;
        };
        let served = serve_one(stream, router.clone(), conn, closing_rx.clone());
        let registry = registry.clone();
        tasks.spawn(async move {
            served.await;
            registry.leave(id);
        });
    }
    drop(listener);
    closing.send_replace(true);
    let ended = async { while tasks.join_next().await.is_some() {} };
    // Dropping the tasks that remain closes their connections.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, ended).await;
}

/// One accepted connection, as the registry sees it.
struct Conn {
    /// No request has arrived on it yet.
    fresh: AtomicBool,
    /// Told when the connection must make room for a newer one.
    evict: Notify,
}

/// The connections held, oldest first, and how many may be.
struct Registry {
    cap: usize,
    open: Mutex<BTreeMap<u64, Arc<Conn>>>,
    next: std::sync::atomic::AtomicU64,
}

impl Registry {
    fn new(cap: usize) -> Registry {
        Registry {
            cap,
            open: Mutex::default(),
            next: Default::default(),
        }
    }

    /// Takes in a new connection, evicting the oldest one that has sent nothing yet if
    /// all places are taken; `None` when every connection held has sent a request.
    fn admit(&self) -> Option<(u64, Arc<Conn>)> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= self.cap {
            let (&oldest, _) = open.iter().find(|(_, c)| c.fresh.load(Ordering::Relaxed))?;
            if let Some(evicted) = open.remove(&oldest) {
                evicted.evict.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            fresh: AtomicBool::new(true),
            evict: Notify::new(),
        });
        open.insert(id, conn.clone());
        Some((id, conn))
    }

    fn leave(&self, id: u64) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&id);
    }
}

/// Serves one connection until it ends, is evicted, or (once `closing`) has answered
/// what it was asked.
async fn serve_one(
    stream: TcpStream,
    router: Router,
    conn: Arc<Conn>,
    mut closing: watch::Receiver<bool>,
) {
    let service = TowerToHyperService::new(router);
    let marked = conn.clone();
    let service = hyper::service::service_fn(move |req| {
        marked.fresh.store(false, Ordering::Relaxed);
        service.call(req)
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
    let mut shutting_down = false;
    loop {
        tokio::select! {
            _ = connection.as_mut() => break,
            () = conn.evict.notified() => break,
            _ = closing.wait_for(|c| *c), if !shutting_down => {
                shutting_down = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Answers a connection there is no room for, without waiting on its client.
fn refuse(stream: &TcpStream) {
    const BODY: &str = "ideawiki serve has too many connections open; try again shortly\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// Whether a failed accept means the process lacks a resource (files, memory), which
/// connections ending will give back, rather than a problem with one client.
fn is_resource_error(e: &std::io::Error) -> bool {
    !matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::Interrupted
            | std::io::ErrorKind::WouldBlock
    )
}

/// How many connections may be held: half the open-file limit, leaving the rest to the
/// rebuilds and the watcher, and at most [`MAX_CONNECTIONS`].
fn connection_cap() -> usize {
    #[cfg(unix)]
    let files = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    #[cfg(not(unix))]
    let files: Option<u64> = None;
    let cap = files.map_or(MAX_CONNECTIONS, |n| (n / 2).clamp(8, MAX_CONNECTIONS));
    usize::try_from(cap).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_registry_evicts_the_oldest_idle_connection_first() {
        let registry = Registry::new(3);
        let conns: Vec<_> = (0..3).map(|_| registry.admit().expect("room")).collect();
        // The first one has sent a request: it stays.
        conns[0].1.fresh.store(false, Ordering::Relaxed);
        let (_, newcomer) = registry.admit().expect("room made");
        let open = registry.open.lock().unwrap();
        assert!(open.contains_key(&conns[0].0));
        assert!(!open.contains_key(&conns[1].0), "the oldest idle one went");
        assert!(open.contains_key(&conns[2].0));
        assert_eq!(open.len(), 3);
        drop(open);
        // Once every connection has sent a request, there is no room.
        for (_, c) in &conns {
            c.fresh.store(false, Ordering::Relaxed);
        }
        newcomer.fresh.store(false, Ordering::Relaxed);
        assert!(registry.admit().is_none());
        registry.leave(conns[2].0);
        assert!(registry.admit().is_some());
    }
}
