//! Settings files: `hook.toml` (nearest, upwards) over the user's
//! `config.toml`, under the command line and the environment; every mistake
//! named with its file, and settings never shown by `--help`.

mod common;

use common::request_header;
use std::path::Path;
use std::process::{Command, Stdio};

/// A project directory with `hook.toml` (`project`), a sub-directory to run
/// in, and a user config dir holding `hook/config.toml` (`user`).
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new(project: &str, user: &str) -> Place {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("project/sub")).unwrap();
        std::fs::create_dir_all(dir.path().join("xdg/hook")).unwrap();
        if !project.is_empty() {
            std::fs::write(dir.path().join("project/hook.toml"), project).unwrap();
        }
        if !user.is_empty() {
            std::fs::write(dir.path().join("xdg/hook/config.toml"), user).unwrap();
        }
        Place { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `hook ARGS` in `project/sub`, with `env` set and no other HOOK_* variable.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hook"));
        c.args(args).current_dir(self.root().join("project/sub"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("HOOK_") {
                c.env_remove(&key);
            }
        }
        c.env("XDG_CONFIG_HOME", self.root().join("xdg")).env("NO_COLOR", "1");
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.stdin(Stdio::null()).output().expect("run hook");
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
    }
}

/// The dry-run requests printed as JSON lines.
fn requests(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

const DRY: [&str; 5] = ["replay", "github/push", "github/ping", "--dry-run", "--json"];

#[test]
fn the_project_file_over_the_user_file_under_the_command_line_and_environment() {
    let project =
        "[replay]\nsecret = \"-a-secret-may-start-with-a-dash\"\nheader = [\"X-From: project\"]\nevents = \"push\"\n";
    let user = "[replay]\nheader = [\"X-From: user\"]\nto = \"http://user.example:9/in\"\n";
    let place = Place::new(project, user);
    let (code, out, err) = place.run(&DRY, &[]);
    assert_eq!(code, 0, "{err}");
    let sent = requests(&out);
    assert_eq!(sent.len(), 1, "events = push leaves ping out: {out}");
    assert_eq!(
        request_header(&sent[0], "X-From"),
        ["project"],
        "the project's file wins"
    );
    assert!(
        sent[0]["url"].as_str().unwrap().starts_with("http://user.example:9/in"),
        "the user's fills the rest"
    );
    // The command line wins over a setting; the environment too.
    let args = [&DRY[..], &["-e", "ping", "-H", "X-From: cli"]].concat();
    let (_, out, err) = place.run(&args, &[("HOOK_REPLAY_TO", "http://env.example:9")]);
    let sent = requests(&out);
    assert_eq!(sent.len(), 1, "{out}{err}");
    assert_eq!(request_header(&sent[0], "X-GitHub-Event"), ["ping"]);
    assert_eq!(request_header(&sent[0], "X-From"), ["cli"]);
    assert!(
        sent[0]["url"].as_str().unwrap().starts_with("http://env.example:9"),
        "{}",
        sent[0]
    );
}

#[test]
fn a_setting_that_cannot_go_with_a_flag_given_gives_way_to_it() {
    let place = Place::new("[replay]\nsecret = \"s\"\nconcurrency = 4\nretry = \"fixed\"\n", "");
    // --dry-run refuses the flags of sending: the settings for them step aside.
    let (code, out, err) = place.run(&DRY, &[]);
    assert_eq!((code, requests(&out).len()), (0, 2), "{err}");
}

#[test]
fn hook_config_names_the_only_file_and_empty_means_none() {
    let place = Place::new("[replay]\nsecret = \"s\"\n", "");
    let other = place.root().join("other.toml");
    std::fs::write(&other, "[replay]\nsecret = \"t\"\nevents = [\"ping\"]\n").unwrap();
    let (code, out, _) = place.run(&DRY, &[("HOOK_CONFIG", other.to_str().unwrap())]);
    assert_eq!((code, requests(&out).len()), (0, 1));
    let (code, _, err) = place.run(&DRY, &[("HOOK_CONFIG", "")]);
    assert_eq!(code, 2, "no file, so no secret: {err}");
    assert!(err.contains("no secret given"), "{err}");
    let (code, _, err) = place.run(&DRY, &[("HOOK_CONFIG", "/nonexistent/hook.toml")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("reading HOOK_CONFIG /nonexistent/hook.toml") && err.contains("hint:"),
        "{err}"
    );
}

#[test]
fn mistakes_in_a_settings_file_name_the_file_and_what_to_write() {
    let cases: [(&str, &str); 6] = [
        ("[replay]\nheadr = \"X: y\"\n", "[replay] headr is not a setting"),
        ("[replay]\nsecret = = 1\n", "hook.toml:2:"),
        ("[replai]\nsecret = \"s\"\n", "[replai] is not a hook command"),
        (
            "[replay]\nto = [\"a\", \"b\"]\n",
            "[replay] to takes one value, not a list",
        ),
        (
            "[replay]\nkeep-ids = \"yes\"\n",
            "[replay] keep-ids is an on/off setting",
        ),
        ("port = 3000\n", "hook.toml: port is not a setting"),
    ];
    for (text, want) in cases {
        let place = Place::new(text, "");
        let (code, _, err) = place.run(&DRY, &[]);
        assert_eq!(code, 2, "{text}: {err}");
        assert!(err.contains(want) && err.contains("hint:"), "{text}: {err}");
    }
    // The hint writes one value of the kind given.
    let place = Place::new("[replay]\nsecret = \"s\"\nconcurrency = [4, 8]\n", "");
    let (_, _, err) = place.run(&["replay", "github/push", "--to", "http://127.0.0.1:9"], &[]);
    assert!(err.contains("hint: write concurrency = 4\n"), "{err}");
    let place = Place::new("[replay]\nheadr = 1\n", "");
    let (_, _, err) = place.run(&DRY, &[]);
    assert!(err.contains("did you mean header?"), "{err}");
    // A value clap refuses says which settings were added.
    let place = Place::new("[replay]\nsecret = \"s\"\nformat = \"yaml\"\n", "");
    let (code, _, err) = place.run(&["replay", "github/push", "--dry-run"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("with settings from") && err.contains("[replay] format"),
        "{err}"
    );
    // So does one of hook's own checks.
    let place = Place::new("[listen]\nforward-to = 3000\nstatus = 202\n", "");
    let (code, _, err) = place.run(&["listen", "-p", "0"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("your app answers every request"), "{err}");
    assert!(
        err.contains("[listen] forward-to") && err.contains("[listen] status"),
        "{err}"
    );
}

#[test]
fn settings_are_never_shown_by_help_or_errors() {
    let secret = "whsec_from_the_settings_file_1234";
    let place = Place::new(&format!("[listen]\nsecret = \"{secret}\"\nport = \"nope\"\n"), "");
    let (code, out, _) = place.run(&["listen", "--help"], &[]);
    assert_eq!(code, 0);
    assert!(!out.contains(secret), "{out}");
    let (code, _, err) = place.run(&["listen"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nope") && !err.contains(secret), "{err}");
}

#[test]
fn top_level_settings_apply_to_every_command() {
    let place = Place::new("json = true\n", "");
    let (code, out, err) = place.run(&["fixtures"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().all(|l| l.starts_with('{')), "{out}");
}

#[test]
fn settings_may_give_the_options_a_command_requires() {
    // A port bound but not listening: connections to it are refused.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().unwrap()).expect("bind");
    let port = socket.local_addr().unwrap().port();
    let text = format!(
        "[tunnel]\nrelay = \"http://127.0.0.1:{port}\"\nforward-to = 3000\ntoken = \"t0ken-from-settings\"\nexit-on-disconnect = true\n"
    );
    let place = Place::new(&text, "");
    let (code, out, err) = place.run(&["tunnel"], &[]);
    assert_eq!(code, 1, "it ran, and the link could not be made: {out}{err}");
    assert!(
        out.contains(&format!("cannot reach the relay at ws://127.0.0.1:{port}/")),
        "{out}{err}"
    );
    assert!(!out.contains("t0ken-from-settings") && !err.contains("t0ken-from-settings"));
    drop(socket);
}
