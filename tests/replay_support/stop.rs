//! Stopping a real `hook replay` run with SIGINT, as Ctrl-C does, once it
//! has printed its first line: the run is known to be sending by then.

use super::{drain, hook, WAIT};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What a run stopped by SIGINT printed, and how it ended.
#[derive(Debug)]
pub struct Stopped {
    /// The exit code (`None` when a signal killed it, summary unsaid).
    pub code: Option<i32>,
    /// Every stdout line, the first (read before the signal) included.
    pub stdout: Vec<String>,
    pub stderr: String,
}

/// Run `hook ARGS`, send SIGINT once its first stdout line is out, and wait
/// (bounded) for it to end. Give the run enough to do (a `--rate` run of
/// many deliveries) that the signal comes while it is still sending.
pub fn interrupt_after_first_line(args: &[&str]) -> Stopped {
    let mut child = hook(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hook");
    let err = drain(child.stderr.take().expect("stderr"));
    let out = BufReader::new(child.stdout.take().expect("stdout"));
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let Ok(first) = lines.recv_timeout(WAIT) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("hook {args:?} printed no line within {WAIT:?}");
    };
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(kill.success());
    let deadline = Instant::now() + WAIT;
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("hook {args:?} still running {WAIT:?} after SIGINT");
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    // The process has ended: the reader sees the end of stdout and hangs up.
    let mut stdout = vec![first];
    while let Ok(line) = lines.recv_timeout(WAIT) {
        stdout.push(line);
    }
    let stderr = String::from_utf8_lossy(&err.recv_timeout(WAIT).unwrap_or_default()).into_owned();
    Stopped {
        code: status.code(),
        stdout,
        stderr,
    }
}
