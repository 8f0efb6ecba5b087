//! The loopback server at the level of bytes on the wire: requests a careful
//! HTTP/1.1 parser must refuse (and what it must accept), dates in every
//! form RFC 9110 allows, and a stop in the middle of a trickled answer.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use newsroom::serve::{Request, Response, Server, format_http_date, parse_http_date};

/// Send raw bytes, read until the server closes, return what came back.
fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(reply: &str) -> u16 {
    reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {reply:?}"))
}

fn body(reply: &str) -> &str {
    reply.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

fn echo_server() -> Server {
    Server::start(Arc::new(|req: &Request| match req.path.as_str() {
        "/echo" => Response::ok("text/plain", req.body.clone()),
        "/" => Response::ok("text/plain", "home"),
        _ => Response::not_found(),
    }))
    .expect("start")
}

fn get_home(addr: SocketAddr) -> String {
    exchange(
        addr,
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
}

#[test]
fn requests_a_careful_parser_refuses_get_an_error_and_the_next_one_is_served() {
    let server = echo_server();
    let addr = server.addr();
    let long_line = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    // Many headers, each short: the whole head is bounded, not only a line.
    let mut many = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
    for i in 0..90 {
        many.push_str(&format!("X-Pad-{i}: {}\r\n", "b".repeat(1000)));
    }
    many.push_str("\r\n");
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "a space inside the target",
            b"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "a folded header line",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n".to_vec(),
            400,
        ),
        (
            // Request smuggling: two lengths, the body could end at either.
            "two different Content-Length values",
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello"
                .to_vec(),
            400,
        ),
        ("one 100 KB header line", long_line.into_bytes(), 431),
        ("90 KB of short headers", many.into_bytes(), 431),
    ];
    for (what, raw, expected) in cases {
        let reply = exchange(addr, &raw);
        assert_eq!(status(&reply), expected, "{what}: {reply:?}");
        let home = get_home(addr);
        assert_eq!(status(&home), 200, "after {what}");
        assert_eq!(body(&home), "home");
    }
    assert_eq!(server.hits("/echo"), 0, "a refused request reached a route");
    assert_eq!(server.total_requests(), 5, "only the good requests count");
}

#[test]
fn a_chunked_request_body_reaches_the_route() {
    let server = echo_server();
    let reply = exchange(
        server.addr(),
        b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
          5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    );
    assert_eq!(status(&reply), 200, "{reply:?}");
    assert_eq!(body(&reply), "hello world");
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let server = echo_server();
    let reply = exchange(
        server.addr(),
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\
          POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\
          GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let statuses: Vec<&str> = reply
        .match_indices("HTTP/1.1 ")
        .map(|(i, _)| &reply[i + 9..i + 12])
        .collect();
    assert_eq!(statuses, ["200", "200", "404"], "{reply:?}");
    assert!(reply.contains("\r\n\r\nhomeHTTP/1.1"));
    assert!(reply.contains("\r\n\r\nabcHTTP/1.1"));
    let log: Vec<String> = server.requests_log().into_iter().map(|l| l.0).collect();
    assert_eq!(log, ["GET /", "POST /echo", "GET /nothing"]);
}

#[test]
fn if_modified_since_is_read_in_all_three_date_forms() {
    // Sun, 06 Nov 1994 08:49:37 GMT
    let modified = UNIX_EPOCH + Duration::from_secs(784_111_777);
    let server = Server::start(Arc::new(move |_: &Request| {
        Response::static_file("text/plain", "body", modified)
    }))
    .expect("start");
    for since in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        let reply = exchange(
            server.addr(),
            format!("GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: {since}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status(&reply), 304, "{since}: {reply:?}");
        assert!(
            reply
                .to_ascii_lowercase()
                .contains("last-modified: sun, 06 nov 1994 08:49:37 gmt")
        );
    }
    // An earlier date in the obsolete form still gets the body.
    let reply = exchange(
        server.addr(),
        b"GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Sat Nov  5 08:49:37 1994\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&reply), 200);
    assert_eq!(server.not_modified(), 3);
}

#[test]
fn the_date_header_is_an_imf_fixdate_of_now() {
    let server = echo_server();
    let before = SystemTime::now() - Duration::from_secs(2);
    let reply = get_home(server.addr());
    let date = reply
        .lines()
        .find_map(|l| {
            l.split_once(": ")
                .filter(|(k, _)| k.eq_ignore_ascii_case("date"))
        })
        .map(|(_, v)| v)
        .expect("a date header");
    let at = parse_http_date(date).expect("an HTTP date");
    assert!(at >= before, "{date}");
    assert_eq!(format_http_date(at), date);
    assert!(date.ends_with(" GMT"));
}

#[test]
fn stop_ends_a_trickle_in_progress_and_frees_the_port() {
    let server = Server::start(Arc::new(|_: &Request| {
        Response::ok("text/plain", vec![b'x'; 300]).trickled(1, Duration::from_millis(200))
    }))
    .expect("start");
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("write");
    // The head and a first byte of the body: the trickle is under way.
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while !got.windows(5).any(|w| w == b"\r\n\r\nx") {
        let n = s.read(&mut buf).expect("read");
        assert!(n > 0, "closed early: {:?}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
    }
    server.stop();
    // The connection is closed (not left to trickle on for a minute) and
    // the port is free.
    let mut rest = Vec::new();
    let ended = s.read_to_end(&mut rest);
    assert!(
        ended.is_ok() || ended.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "the connection was left open"
    );
    assert!(rest.len() < 299, "the trickle went on after stop");
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn the_server_works_inside_an_async_runtime_too() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let server = echo_server();
        let addr = server.addr();
        let reply = tokio::task::spawn_blocking(move || get_home(addr))
            .await
            .expect("client");
        assert_eq!(body(&reply), "home");
        // Stopping (and dropping) from inside a runtime must not panic.
        server.stop();
    });
}
