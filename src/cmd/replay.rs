//! `hook replay`: load fixtures, plan deliveries, send (or print) them, summarise.

use crate::cli::{ColorChoice, DryRunFormat, ReplayArgs};
use crate::error::Exit;
use crate::fixture::load;
use crate::render;
use crate::replay::{self, plan, responses::Responses, tally::Tally};
use crate::{config, http};
use std::time::{Duration, Instant};

/// The longest a printed attempt waits in the output buffer for more.
const FLUSH_WITHIN: Duration = Duration::from_millis(20);

/// Run `hook replay`: exit 0 when every delivery got the expected answer, 1 otherwise.
pub fn run(args: &ReplayArgs, color: ColorChoice, json: bool) -> anyhow::Result<Exit> {
    // The fixtures first: a wrong name is the first thing to fix, whatever else is missing.
    let mut loaded = Vec::new();
    if args.fixtures.iter().filter(|a| *a == "-").count() > 1 {
        // Stdin is read to its end once; a second `-` would be an empty, unparsable fixture.
        return Err(crate::error::hinted(
            "- (stdin) is named twice: it can be read only once",
            "name - once; to send a fixture several times, use --repeat N",
        ));
    }
    for arg in &args.fixtures {
        loaded.extend(load::resolve(arg)?);
    }
    let cfg = config::replay(args)?;
    let (loaded, left_out) = load::select(loaded, &cfg.events)?;
    if left_out > 0 {
        let asked: Vec<&str> = cfg.events.iter().map(|p| p.as_str()).collect();
        render::note(&format!(
            "-e {} left out {left_out} of {} fixtures",
            asked.join(","),
            left_out + loaded.len()
        ));
    }
    let kept = config::replay_responses(args)?;
    note_hidden_secrets(&loaded, &cfg.headers);
    let plan = plan::plan(&loaded, &cfg)?;
    for note in &plan.notes {
        render::note(note);
    }
    let mut p = render::stdout(color, json);
    if args.dry_run {
        let now = crate::signature::timestamp::now_unix();
        for d in plan.deliveries(&cfg) {
            let d = d?;
            let req = replay::request::build(&d, &cfg, now)?;
            match args.format {
                _ if json => render::replay::request_json(&mut p, &req)?,
                DryRunFormat::Http => render::replay::http(&mut p, &req)?,
                DryRunFormat::Curl => render::replay::curl(&mut p, &req)?,
            }
        }
        p.finish()?;
        return Ok(Exit::Success);
    }
    let used = cfg.to.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    let tls = http::tls_client_config(args.insecure, args.cacert.as_deref(), used)?;
    let (client, _) = http::origin::OriginClient::for_url(&cfg.to, std::sync::Arc::new(tls))
        .map_err(|e| crate::error::hinted(e.to_string(), "give --to an absolute http:// or https:// URL"))?;
    let negative = !cfg.negative.is_empty();
    let mut responses = Responses::open(&kept, &plan)?;
    // The engine takes the configuration; what -e left out is not missing from a comparison.
    let asked = cfg.events.clone();
    let compare_file = kept
        .compare
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    let threads = replay::threads_for(&cfg, plan.len());
    let plan_len = plan.len();
    let bar = render::progress::bar(plan_len, json);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let start = Instant::now();
    let tally = runtime.block_on(async {
        // Registered before the first send: Ctrl-C or SIGTERM then ends the
        // run with its summary instead of killing it with nothing said.
        let mut stop = super::StopSignals::new()?;
        let mut interrupted = false;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let engine = tokio::spawn(replay::run(cfg, plan, client, tx, threads));
        let mut tally = Tally::default();
        // Without a bar, lines are written in batches: one waits at most
        // FLUSH_WITHIN for the ones behind it, instead of a system call each.
        let mut due: Option<tokio::time::Instant> = None;
        loop {
            let flush_at = due.unwrap_or_else(tokio::time::Instant::now);
            let attempt = tokio::select! {
                biased;
                // First: under load an attempt is always ready, and a signal polled after it would wait for the end.
                () = stop.wait() => {
                    interrupted = true;
                    break;
                }
                attempt = rx.recv() => match attempt {
                    Some(attempt) => attempt,
                    None => break,
                },
                () = tokio::time::sleep_until(flush_at), if due.is_some() => {
                    p.finish()?;
                    due = None;
                    continue;
                }
            };
            tally.add(&attempt);
            if let (Some(bar), true) = (&bar, attempt.last) {
                bar.inc(1);
            }
            let differs = match &mut responses {
                Some(r) => r.add(&attempt)?,
                None => None,
            };
            let shown = !(args.quiet && attempt.ok);
            if !shown && differs.is_none() {
                continue;
            }
            let print = |p: &mut render::Printer<_>| {
                if shown {
                    render::replay::attempt(p, &attempt, args.show_response)?;
                }
                match &differs {
                    Some(d) => render::compare::difference(p, d, &compare_file),
                    None => Ok(()),
                }
            };
            match &bar {
                // Lines and the bar share the terminal: each line is out before the bar is redrawn.
                Some(bar) => {
                    bar.suspend(|| {
                        print(&mut p)?;
                        p.finish()
                    })?;
                }
                None => {
                    print(&mut p)?;
                    // Checked here too: while attempts keep coming, the timer above is not polled.
                    let now = tokio::time::Instant::now();
                    match due {
                        Some(at) if now >= at => {
                            p.finish()?;
                            due = None;
                        }
                        Some(_) => {}
                        None => due = Some(now + FLUSH_WITHIN),
                    }
                }
            }
        }
        if interrupted {
            // Deliveries not yet answered are dropped; sending threads end with the process.
            engine.abort();
            return Ok::<_, anyhow::Error>((tally, Ok(()), interrupted, responses));
        }
        // An error making a delivery ends the run; what was sent is still summarised.
        let made = engine
            .await
            .unwrap_or_else(|e| Err(anyhow::anyhow!("the replay engine stopped: {e}")));
        Ok((tally, made, interrupted, responses))
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (tally, made, interrupted, mut responses) = tally?;
    let elapsed = start.elapsed();
    let stopped_of = interrupted.then_some(plan_len);
    // Only a run that sent everything can say what it did not send, or save
    // a whole file; a stopped one counts what it did not get to compare.
    let complete = !interrupted && made.is_ok();
    match &mut responses {
        Some(r) if complete => {
            for d in r.missing(&asked) {
                render::compare::difference(&mut p, &d, &compare_file)?;
            }
        }
        Some(r) => r.stopped(&asked),
        None => {}
    }
    let compared = responses.as_ref().and_then(Responses::compared);
    render::replay::summary(
        &mut p,
        &tally,
        elapsed,
        negative,
        threads,
        stopped_of,
        compared.as_ref(),
    )?;
    p.finish()?;
    match responses {
        Some(r) if complete => r.commit()?,
        Some(r) => {
            if let Some(file) = r.saving() {
                render::note(&format!(
                    "--save-responses {} was not written: the run ended before every delivery was sent",
                    file.display()
                ));
            }
        }
        None => {}
    }
    made?;
    if interrupted {
        render::note(&format!(
            "stopped by a signal after {} of {plan_len} deliveries; the rest were not sent",
            tally.deliveries
        ));
        return Ok(Exit::Negative);
    }
    let differ = compared.is_some_and(|c| c.differ > 0);
    Ok(if tally.failed() == 0 && tally.deliveries > 0 && !differ {
        Exit::Success
    } else {
        Exit::Negative
    })
}

/// A fixture `hook listen --save` wrote with a secret hidden would send the
/// mark in its place: say where, and how to give the real value. Headers the
/// provider's signing recomputes (GitLab's token) and `-H` replacements are fine.
fn note_hidden_secrets(loaded: &[load::Loaded], given: &[(String, String)]) {
    use crate::inspect::{HIDDEN_SECRET, HIDDEN_SECRET_IN_URL};
    for l in loaded {
        let f = &l.fixture;
        let signed = f.provider.as_deref().and_then(crate::signature::find);
        let recomputed = signed.map(|s| s.signature_headers()).unwrap_or_default();
        for (name, value) in &f.headers {
            let replaced = given.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
            let resigned = recomputed.iter().any(|h| h.eq_ignore_ascii_case(name));
            if value.text().contains(HIDDEN_SECRET) && !replaced && !resigned {
                render::note(&format!(
                    "{}: {name} holds the mark hook listen saved in place of a secret, and is sent so; \
                     give the real value with -H '{name}: …'",
                    l.source
                ));
            }
        }
        if f.path.contains(HIDDEN_SECRET_IN_URL) {
            render::note(&format!(
                "{}: the query holds {HIDDEN_SECRET_IN_URL}, saved in place of a secret, and is sent so; \
                 edit the path in the file to give the real value",
                l.source
            ));
        }
    }
}
