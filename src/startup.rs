//! The process's first steps, done here instead of by std.
//!
//! `hook` is built with `#![no_main]`. Before `main`, std's runtime asks glibc
//! for the main thread's stack bounds (glibc reads and parses
//! `/proc/self/maps`) and maps an alternate signal stack, only to print a
//! message if the stack ever overflows. That was 0.2–0.4 ms of a 2 ms
//! `hook --version` (bench/HISTORY.md); without it an overflow is a plain
//! SIGSEGV. The rest of what std does first, which hook relies on, is done
//! by [`prepare`], and the command line is read by [`args`].

use std::ffi::{CStr, OsString};
use std::os::unix::ffi::OsStringExt;

/// Make the process what std's start-up would: the three standard file
/// descriptors open, and SIGPIPE ignored.
pub fn prepare() {
    open_standard_fds();
    // A write to a closed pipe then fails with EPIPE instead of killing the
    // process; `main` turns that error into a quiet success (`hook … | head`).
    // SAFETY: setting a signal's disposition to "ignore" runs no code of ours.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// Point any closed standard descriptor at `/dev/null`, so that a socket or
/// file hook opens later can never become its stdout or stderr.
fn open_standard_fds() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: `fds` is a valid array of three pollfd; a zero timeout never blocks.
    let polled = unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } >= 0;
    for pfd in fds {
        let closed = if polled {
            pfd.revents & libc::POLLNVAL != 0
        } else {
            // poll itself failed (out of memory, say): ask descriptor by descriptor.
            // SAFETY: F_GETFD only reads the descriptor's flags.
            let flags = unsafe { libc::fcntl(pfd.fd, libc::F_GETFD) };
            flags == -1
        };
        if closed {
            // Descriptors are filled lowest first, so this one lands on
            // `pfd.fd`. If even /dev/null cannot be opened, go on: output to
            // a closed descriptor fails, and std ignores that for stdio.
            // SAFETY: the path is a NUL-terminated string literal.
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        }
    }
}

/// The command line from the C runtime's `argc` and `argv`. std fills its
/// own copy before `main` only on glibc; reading them here works on any libc.
///
/// # Safety
/// `argv` must hold `argc` pointers to NUL-terminated strings, as the C
/// runtime passes them to `main`.
pub unsafe fn args(argc: libc::c_int, argv: *const *const libc::c_char) -> Vec<OsString> {
    let count = usize::try_from(argc).unwrap_or(0);
    (0..count)
        .map(|i| {
            // SAFETY: i < argc, and each entry is a NUL-terminated string (caller's contract).
            let arg = unsafe { CStr::from_ptr(*argv.add(i)) };
            OsString::from_vec(arg.to_bytes().to_vec())
        })
        .collect()
}
