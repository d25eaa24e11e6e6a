//! `cargo xtask serve [--port N]`: builds the book, serves `book/` (landing page, `/ko/`, `/en/`)
//! on 127.0.0.1, and rebuilds when a source changes.
//!
//! Why not `mdbook serve`: it serves one edition at a time. A static file server is a few lines of
//! std, so it needs no dependency.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::{Duration, SystemTime};

use book_tests::source::EDITIONS;

use crate::book::{self, files_under};
use crate::cmd::{Result, repo_root};
use crate::{html, rendered};

const DEFAULT_PORT: u16 = 3000;

/// Sources whose change triggers a rebuild.
const WATCHED: &[&str] = &["src", "theme", "assets", "book.toml"];

pub fn run(args: &[String]) -> Result {
    let port = match args {
        [] => DEFAULT_PORT,
        [flag, port] if flag == "--port" => port.parse().map_err(|_| format!("bad port `{port}`"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    rebuild();
    let root = repo_root();
    let book = root.join("book");
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    eprintln!("serving book/ on http://127.0.0.1:{port}/ (editions: /ko/, /en/); Ctrl-C stops");

    thread::spawn(move || watch(&root));
    for stream in listener.incoming() {
        let book = book.clone();
        match stream {
            Ok(stream) => {
                thread::spawn(move || {
                    if let Err(error) = respond(stream, &book) {
                        eprintln!("serve: {error}");
                    }
                });
            }
            Err(error) => eprintln!("serve: {error}"),
        }
    }
    Ok(())
}

/// Builds, reporting (not failing on) errors, so a LaTeX typo does not stop the server.
fn rebuild() {
    match book::build() {
        Ok(build) => {
            for edition in &build.editions {
                for failure in rendered::rendering_failures(edition.language, &edition.log) {
                    eprintln!("warning: {failure}");
                }
            }
        }
        Err(error) => eprintln!("build failed: {error}"),
    }
}

/// Polls the sources once a second and rebuilds when any file's modification time or the number
/// of files changes (polling needs no platform-specific API).
fn watch(root: &Path) {
    let mut last = snapshot(root);
    loop {
        thread::sleep(Duration::from_secs(1));
        let now = snapshot(root);
        if now != last {
            eprintln!("sources changed, rebuilding");
            rebuild();
            last = snapshot(root);
        }
    }
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Option<SystemTime>)> {
    WATCHED
        .iter()
        .map(|path| root.join(path))
        .flat_map(|path| if path.is_dir() { files_under(&path).unwrap_or_default() } else { vec![path] })
        .map(|file| {
            let modified = file.metadata().and_then(|m| m.modified()).ok();
            (file, modified)
        })
        .collect()
}

/// Answers one HTTP/1.1 request (GET or HEAD) and closes the connection.
fn respond(stream: TcpStream, book: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut stream = reader.into_inner();

    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return write_response(&mut stream, "405 Method Not Allowed", "text/plain", b"", method);
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(book, path) else {
        return write_response(&mut stream, "400 Bad Request", "text/plain", b"bad path\n", method);
    };
    if file.is_dir() {
        if !path.ends_with('/') {
            // Relative links in index.html only work below a URL ending in `/`.
            let location = format!("{path}/");
            let head = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return stream.write_all(head.as_bytes());
        }
        return serve_file(&mut stream, &file.join("index.html"), path, book, method);
    }
    serve_file(&mut stream, &file, path, book, method)
}

fn serve_file(stream: &mut TcpStream, file: &Path, path: &str, book: &Path, method: &str) -> io::Result<()> {
    match std::fs::read(file) {
        Ok(body) => write_response(stream, "200 OK", content_type(file), &body, method),
        Err(_) => {
            // Each edition has its own 404 page.
            let edition = EDITIONS.iter().find(|language| path.starts_with(&format!("/{language}/")));
            let page = edition.and_then(|language| std::fs::read(book.join(language).join("404.html")).ok());
            match page {
                Some(body) => write_response(stream, "404 Not Found", "text/html; charset=utf-8", &body, method),
                None => write_response(stream, "404 Not Found", "text/plain", b"not found\n", method),
            }
        }
    }
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    method: &str,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file below `book` that URL path `path` names; `None` for paths that would leave it.
fn resolve(book: &Path, path: &str) -> Option<PathBuf> {
    let decoded = html::percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    relative.components().all(|c| matches!(c, Component::Normal(_))).then(|| book.join(relative))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_book() {
        let book = Path::new("/b");
        assert_eq!(resolve(book, "/ko/ch01-introduction.html"), Some(PathBuf::from("/b/ko/ch01-introduction.html")));
        assert_eq!(resolve(book, "/"), Some(PathBuf::from("/b/")));
        assert_eq!(resolve(book, "/ko/%EC%86%8C.html"), Some(PathBuf::from("/b/ko/소.html")));
        assert_eq!(resolve(book, "/../etc/passwd"), None);
        assert_eq!(resolve(book, "/ko/%2e%2e/%2e%2e/x"), None);
    }
}
