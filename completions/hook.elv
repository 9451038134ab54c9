
use builtin;
use str;

set edit:completion:arg-completer[hook] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hook'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hook'= {
            cand --color 'When to colour output'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sign 'Print the headers a provider would send with a body, signed'
            cand verify 'Check a request''s signature, and explain why it fails'
            cand listen 'Receive webhooks on a local server and show each one; answer, forward, save'
            cand replay 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery'
            cand fixtures 'List the built-in fixtures, or those in the files and directories named'
            cand relay 'Run the public relay that carries webhooks to hook tunnels (self-hosted)'
            cand tunnel 'Connect to a relay and carry its webhooks to your local app'
            cand providers 'List every provider with its headers and what it signs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hook;sign'= {
            cand --color 'When to colour output'
            cand -p 'Provider whose headers to produce (see `hook providers`), or `hmac`'
            cand --provider 'Provider whose headers to produce (see `hook providers`), or `hmac`'
            cand --secret 'Signing secret; repeat it during rotation (several signatures, or any may match)'
            cand --secret-file 'Read secrets from FILE, one per line (keeps them out of the process list)'
            cand --timestamp 'Unix time to sign with [default: now]'
            cand --id 'Delivery/message id [default: a fresh random one]'
            cand --url 'URL the request goes to (required by twilio, square and hubspot, which sign it)'
            cand -e 'Event type for the provider''s event header (e.g. push, orders/create)'
            cand --event 'Event type for the provider''s event header (e.g. push, orders/create)'
            cand --method 'HTTP method the request goes with (hubspot signs it; curl sends it)'
            cand --format 'Output format'
            cand --header 'Signature header name (with --provider hmac)'
            cand --algorithm 'Hash function'
            cand --encoding 'Encoding of the MAC'
            cand --prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --payload-template 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}'
            cand --timestamp-header 'Header that carries {timestamp} (unix seconds)'
            cand --id-header 'Header that carries {id}'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;verify'= {
            cand --color 'When to colour output'
            cand -p 'Provider to check as, `auto` to detect it from the headers, or `hmac`'
            cand --provider 'Provider to check as, `auto` to detect it from the headers, or `hmac`'
            cand --secret 'Signing secret; repeat it during rotation (several signatures, or any may match)'
            cand --secret-file 'Read secrets from FILE, one per line (keeps them out of the process list)'
            cand -H 'A request header, ''Name: value'' (repeatable)'
            cand --header 'A request header, ''Name: value'' (repeatable)'
            cand --headers-file 'Read headers from FILE: ''Name: value'' lines, an HTTP request head, or `hook sign --format json` output'
            cand --request 'Check a request saved by `hook listen --save` (or any fixture file): its method, path, headers and body'
            cand --url 'URL the provider signed (twilio, square, hubspot)'
            cand --method 'HTTP method the request came with (hubspot signs it)'
            cand --tolerance 'Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider''s]'
            cand --now 'Judge timestamps as if it were this unix time [default: now]'
            cand --signature-header 'Signature header name (with --provider hmac)'
            cand --algorithm 'Hash function'
            cand --encoding 'Encoding of the MAC'
            cand --prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --payload-template 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}'
            cand --timestamp-header 'Header that carries {timestamp} (unix seconds)'
            cand --id-header 'Header that carries {id}'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -v 'When no secret matches, show the bytes signed, the signature received and what each secret gives'
            cand --verbose 'When no secret matches, show the bytes signed, the signature received and what each secret gives'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;listen'= {
            cand --color 'When to colour output'
            cand -p 'Port to listen on; 0 picks a free one'
            cand --port 'Port to listen on; 0 picks a free one'
            cand --host 'Address to listen on'
            cand --provider 'Provider to verify as, or `auto` to detect it per request'
            cand --secret 'Signing secret; repeat during rotation. Without one, requests are shown as unchecked'
            cand --secret-file 'Read secrets from FILE, one per line'
            cand --public-url 'Public base URL the provider calls, for URL-signing providers (twilio, square) behind a tunnel'
            cand --tolerance 'Allowed timestamp age, e.g. 5m; 0 turns the check off [default: the provider''s]'
            cand --status 'Status code to answer'
            cand --response-body 'Response body'
            cand --response-file 'Response body from a file'
            cand --response-header 'Response header ''Name: value'' (repeatable)'
            cand --delay 'Wait before answering, e.g. 2s, 500ms'
            cand --fail-first 'Answer 500 to the first N attempts of each delivery, to exercise retries'
            cand --fail-rate 'Answer 500 to this fraction of requests, e.g. 0.3'
            cand --seed 'Seed for --fail-rate, for repeatable runs'
            cand -f 'Forward each request to your app: a URL or a local port'
            cand --forward-to 'Forward each request to your app: a URL or a local port'
            cand -e 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved'
            cand --events 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved'
            cand --route 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest'
            cand -H 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came'
            cand --header 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came'
            cand --timeout 'Give up on the app after this long and answer 504'
            cand --cacert 'Trust this CA certificate (PEM) for the app'
            cand --save 'Save each request as a fixture file in DIR (replay it with hook replay)'
            cand --threads 'Serve on N threads [default: one per core, at most 4]'
            cand --max-body 'Largest body accepted; larger ones get 413'
            cand --tls-cert 'Serve HTTPS with this certificate chain (PEM)'
            cand --tls-key 'Private key (PEM) for --tls-cert'
            cand --retry 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way'
            cand --retry-base 'First retry delay (with --retry)'
            cand --retry-max 'Retries at most (with --retry)'
            cand --retry-schedule 'Explicit retry delays, e.g. 1s,5s,30s'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -q 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
            cand --quiet 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
            cand --compact 'Show only one summary line per request'
            cand --no-headers 'Do not show request headers'
            cand --no-body 'Do not show request bodies'
            cand --show-response 'Show the app''s response body (when forwarding)'
            cand --reject-invalid 'Answer 401 to invalid and unsigned requests'
            cand --no-handshakes 'Do not answer provider handshakes (Slack, Zoom, Twitch, Discord, GET challenges) automatically'
            cand -k 'Accept any TLS certificate from the app'
            cand --insecure 'Accept any TLS certificate from the app'
            cand --tls 'Serve HTTPS with a self-signed certificate made at start'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;replay'= {
            cand --color 'When to colour output'
            cand --to 'Base URL to send to; each fixture''s path is appended'
            cand -e 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)'
            cand --events 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)'
            cand -p 'Sign as this provider instead of the fixture''s'
            cand --provider 'Sign as this provider instead of the fixture''s'
            cand --secret 'Signing secret; repeat it during rotation (several signatures, or any may match)'
            cand --secret-file 'Read secrets from FILE, one per line (keeps them out of the process list)'
            cand --set 'Set a body field: path=value (value parsed as JSON, else a string)'
            cand --unset 'Remove a body field'
            cand -H 'Add or replace a header, ''Name: value'' (repeatable)'
            cand --header 'Add or replace a header, ''Name: value'' (repeatable)'
            cand --format 'Format for --dry-run (--json prints each request as a JSON object instead)'
            cand --seed 'Seed for --shuffle, for repeatable runs'
            cand --stale 'Sign with a timestamp this old, e.g. 10m (expect 4xx)'
            cand --repeat 'Send everything N times, as new deliveries each time'
            cand -c 'Deliveries in flight at once'
            cand --concurrency 'Deliveries in flight at once'
            cand --rate 'Start at most R deliveries per second, e.g. 10/s or 600/m'
            cand --timeout 'Give up on an attempt after this long'
            cand --cacert 'Trust this CA certificate (PEM)'
            cand --save-responses 'Save each delivery''s response (status, headers, body) to FILE, one JSON object a line'
            cand --compare 'Compare each response with the one saved in FILE by --save-responses; exit 1 when any differs'
            cand --ignore-field 'Leave this JSON body field out of --compare, e.g. data.created_at (repeatable)'
            cand --retry 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way'
            cand --retry-base 'First retry delay (with --retry)'
            cand --retry-max 'Retries at most (with --retry)'
            cand --retry-schedule 'Explicit retry delays, e.g. 1s,5s,30s'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand --keep-ids 'Keep the fixtures'' delivery and event ids (to test idempotency)'
            cand --dry-run 'Print the exact requests instead of sending them'
            cand --show-response 'Show each response body'
            cand -q 'Print only attempts that did not get the expected answer, then the summary'
            cand --quiet 'Print only attempts that did not get the expected answer, then the summary'
            cand --duplicate 'Send each delivery twice with the same id'
            cand --shuffle 'Send in random order'
            cand --tamper 'Change the body after signing (expect 4xx)'
            cand --unsigned 'Send without signature headers (expect 4xx)'
            cand --wrong-secret 'Sign with a random secret (expect 4xx)'
            cand -k 'Accept any TLS certificate from the receiver'
            cand --insecure 'Accept any TLS certificate from the receiver'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;fixtures'= {
            cand --color 'When to colour output'
            cand -e 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)'
            cand --events 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;relay'= {
            cand --color 'When to colour output'
            cand --listen 'Address to listen on; port 0 picks a free one'
            cand --public-url 'Public base URL, as senders reach it (behind a proxy or TLS terminator)'
            cand --token 'Token a tunnel must present (repeatable); one is generated and printed when none is given'
            cand --tokens-file 'Read tokens from FILE, one per line'
            cand --data-dir 'Keep queued requests here, durably, across restarts'
            cand --tls-cert 'Serve HTTPS/WSS with this certificate chain (PEM)'
            cand --tls-key 'Private key (PEM) for --tls-cert'
            cand --offline 'While a channel has no tunnel: queue requests, or reject them with 503'
            cand --queue-max 'Queued requests per channel at most [default: 1000]'
            cand --queue-bytes 'Queued bytes per channel at most [default: 256MiB]'
            cand --max-body 'Largest request body (413 beyond)'
            cand --max-in-flight 'Requests in flight per channel at most (503 beyond)'
            cand --heartbeat 'Heartbeat interval; a link silent for two intervals is dropped'
            cand --timeout 'How long to wait for a tunnel''s answer (504 after)'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -q 'Print no line per request, only those answered 5xx (tunnel events are still printed)'
            cand --quiet 'Print no line per request, only those answered 5xx (tunnel events are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;tunnel'= {
            cand --color 'When to colour output'
            cand --relay 'The relay''s URL (http, https, ws or wss)'
            cand -f 'Your app: a URL or a local port'
            cand --forward-to 'Your app: a URL or a local port'
            cand -e 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded'
            cand --events 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded'
            cand --route 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest'
            cand -H 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came'
            cand --header 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came'
            cand --token 'Token for the relay'
            cand --channel 'Channel to hold (the public URL is the relay URL, then /NAME) [default: a random one]'
            cand --timeout 'Give up on the app after this long and answer 504'
            cand --cacert 'Trust this CA certificate (PEM) for the relay and the app'
            cand --save 'Save each request as a fixture file in DIR (replay it with hook replay)'
            cand --heartbeat 'Heartbeat interval; a link silent for two intervals is dropped'
            cand --provider 'Provider to verify as, or `auto`'
            cand --secret 'Signing secret, to show a verdict for each request'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -k 'Accept any TLS certificate (relay and app)'
            cand --insecure 'Accept any TLS certificate (relay and app)'
            cand --exit-on-disconnect 'Exit with status 1 when the link drops, instead of reconnecting (for supervisors)'
            cand --reject-invalid 'Answer 401 to requests not validly signed, and do not forward them (needs --secret); a request from the relay''s queue is judged without the age check'
            cand -q 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
            cand --quiet 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
            cand --compact 'Show only one summary line per request'
            cand --no-headers 'Do not show request headers'
            cand --no-body 'Do not show request bodies'
            cand --show-response 'Show the app''s response body (when forwarding)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;providers'= {
            cand --color 'When to colour output'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;completions'= {
            cand --color 'When to colour output'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;help'= {
            cand sign 'Print the headers a provider would send with a body, signed'
            cand verify 'Check a request''s signature, and explain why it fails'
            cand listen 'Receive webhooks on a local server and show each one; answer, forward, save'
            cand replay 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery'
            cand fixtures 'List the built-in fixtures, or those in the files and directories named'
            cand relay 'Run the public relay that carries webhooks to hook tunnels (self-hosted)'
            cand tunnel 'Connect to a relay and carry its webhooks to your local app'
            cand providers 'List every provider with its headers and what it signs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hook;help;sign'= {
        }
        &'hook;help;verify'= {
        }
        &'hook;help;listen'= {
        }
        &'hook;help;replay'= {
        }
        &'hook;help;fixtures'= {
        }
        &'hook;help;relay'= {
        }
        &'hook;help;tunnel'= {
        }
        &'hook;help;providers'= {
        }
        &'hook;help;completions'= {
        }
        &'hook;help;help'= {
        }
    ]
    $completions[$command]
}
