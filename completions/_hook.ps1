
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hook' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hook'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a provider would send with a body, signed')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a request''s signature, and explain why it fails')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks on a local server and show each one; answer, forward, save')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery')
            [CompletionResult]::new('fixtures', 'fixtures', [CompletionResultType]::ParameterValue, 'List the built-in fixtures, or those in the files and directories named')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Run the public relay that carries webhooks to hook tunnels (self-hosted)')
            [CompletionResult]::new('tunnel', 'tunnel', [CompletionResultType]::ParameterValue, 'Connect to a relay and carry its webhooks to your local app')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List every provider with its headers and what it signs')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hook;sign' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose headers to produce (see `hook providers`), or `hmac`')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose headers to produce (see `hook providers`), or `hmac`')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat it during rotation (several signatures, or any may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line (keeps them out of the process list)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix time to sign with [default: now]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Delivery/message id [default: a fresh random one]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the request goes to (required by twilio, square and hubspot, which sign it)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Event type for the provider''s event header (e.g. push, orders/create)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Event type for the provider''s event header (e.g. push, orders/create)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method the request goes with (hubspot signs it; curl sends it)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Signature header name (with --provider hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash function')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Encoding of the MAC')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--payload-template', '--payload-template', [CompletionResultType]::ParameterName, 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp} (unix seconds)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;verify' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider to check as, `auto` to detect it from the headers, or `hmac`')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider to check as, `auto` to detect it from the headers, or `hmac`')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat it during rotation (several signatures, or any may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line (keeps them out of the process list)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--headers-file', '--headers-file', [CompletionResultType]::ParameterName, 'Read headers from FILE: ''Name: value'' lines, an HTTP request head, or `hook sign --format json` output')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Check a request saved by `hook listen --save` (or any fixture file): its method, path, headers and body')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the provider signed (twilio, square, hubspot)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method the request came with (hubspot signs it)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider''s]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge timestamps as if it were this unix time [default: now]')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (with --provider hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash function')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Encoding of the MAC')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--payload-template', '--payload-template', [CompletionResultType]::ParameterName, 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp} (unix seconds)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'When no secret matches, show the bytes signed, the signature received and what each secret gives')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'When no secret matches, show the bytes signed, the signature received and what each secret gives')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;listen' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on; 0 picks a free one')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on; 0 picks a free one')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider to verify as, or `auto` to detect it per request')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat during rotation. Without one, requests are shown as unchecked')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL the provider calls, for URL-signing providers (twilio, square) behind a tunnel')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Allowed timestamp age, e.g. 5m; 0 turns the check off [default: the provider''s]')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Status code to answer')
            [CompletionResult]::new('--response-body', '--response-body', [CompletionResultType]::ParameterName, 'Response body')
            [CompletionResult]::new('--response-file', '--response-file', [CompletionResultType]::ParameterName, 'Response body from a file')
            [CompletionResult]::new('--response-header', '--response-header', [CompletionResultType]::ParameterName, 'Response header ''Name: value'' (repeatable)')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait before answering, e.g. 2s, 500ms')
            [CompletionResult]::new('--fail-first', '--fail-first', [CompletionResultType]::ParameterName, 'Answer 500 to the first N attempts of each delivery, to exercise retries')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Answer 500 to this fraction of requests, e.g. 0.3')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for --fail-rate, for repeatable runs')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Forward each request to your app: a URL or a local port')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Forward each request to your app: a URL or a local port')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the app after this long and answer 504')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this CA certificate (PEM) for the app')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save each request as a fixture file in DIR (replay it with hook replay)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Serve on N threads [default: one per core, at most 4]')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted; larger ones get 413')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate chain (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --tls-cert')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way')
            [CompletionResult]::new('--retry-base', '--retry-base', [CompletionResultType]::ParameterName, 'First retry delay (with --retry)')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'Retries at most (with --retry)')
            [CompletionResult]::new('--retry-schedule', '--retry-schedule', [CompletionResultType]::ParameterName, 'Explicit retry delays, e.g. 1s,5s,30s')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Show only one summary line per request')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Do not show request headers')
            [CompletionResult]::new('--no-body', '--no-body', [CompletionResultType]::ParameterName, 'Do not show request bodies')
            [CompletionResult]::new('--show-response', '--show-response', [CompletionResultType]::ParameterName, 'Show the app''s response body (when forwarding)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app''s response headers and body')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app''s response headers and body')
            [CompletionResult]::new('--reject-invalid', '--reject-invalid', [CompletionResultType]::ParameterName, 'Answer 401 to invalid and unsigned requests')
            [CompletionResult]::new('--no-handshakes', '--no-handshakes', [CompletionResultType]::ParameterName, 'Do not answer provider handshakes (Slack, Zoom, Twitch, Discord, GET challenges) automatically')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept any TLS certificate from the app')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate from the app')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve HTTPS with a self-signed certificate made at start')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;replay' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Base URL to send to; each fixture''s path is appended')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Sign as this provider instead of the fixture''s')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Sign as this provider instead of the fixture''s')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat it during rotation (several signatures, or any may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line (keeps them out of the process list)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a body field: path=value (value parsed as JSON, else a string)')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a body field')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add or replace a header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add or replace a header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format for --dry-run (--json prints each request as a JSON object instead)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for --shuffle, for repeatable runs')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Sign with a timestamp this old, e.g. 10m (expect 4xx)')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send everything N times, as new deliveries each time')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Start at most R deliveries per second, e.g. 10/s or 600/m')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an attempt after this long')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this CA certificate (PEM)')
            [CompletionResult]::new('--save-responses', '--save-responses', [CompletionResultType]::ParameterName, 'Save each delivery''s response (status, headers, body) to FILE, one JSON object a line')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Compare each response with the one saved in FILE by --save-responses; exit 1 when any differs')
            [CompletionResult]::new('--ignore-field', '--ignore-field', [CompletionResultType]::ParameterName, 'Leave this JSON body field out of --compare, e.g. data.created_at (repeatable)')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way')
            [CompletionResult]::new('--retry-base', '--retry-base', [CompletionResultType]::ParameterName, 'First retry delay (with --retry)')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'Retries at most (with --retry)')
            [CompletionResult]::new('--retry-schedule', '--retry-schedule', [CompletionResultType]::ParameterName, 'Explicit retry delays, e.g. 1s,5s,30s')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('--keep-ids', '--keep-ids', [CompletionResultType]::ParameterName, 'Keep the fixtures'' delivery and event ids (to test idempotency)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact requests instead of sending them')
            [CompletionResult]::new('--show-response', '--show-response', [CompletionResultType]::ParameterName, 'Show each response body')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only attempts that did not get the expected answer, then the summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only attempts that did not get the expected answer, then the summary')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Send each delivery twice with the same id')
            [CompletionResult]::new('--shuffle', '--shuffle', [CompletionResultType]::ParameterName, 'Send in random order')
            [CompletionResult]::new('--tamper', '--tamper', [CompletionResultType]::ParameterName, 'Change the body after signing (expect 4xx)')
            [CompletionResult]::new('--unsigned', '--unsigned', [CompletionResultType]::ParameterName, 'Send without signature headers (expect 4xx)')
            [CompletionResult]::new('--wrong-secret', '--wrong-secret', [CompletionResultType]::ParameterName, 'Sign with a random secret (expect 4xx)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept any TLS certificate from the receiver')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate from the receiver')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;fixtures' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;relay' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free one')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL, as senders reach it (behind a proxy or TLS terminator)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token a tunnel must present (repeatable); one is generated and printed when none is given')
            [CompletionResult]::new('--tokens-file', '--tokens-file', [CompletionResultType]::ParameterName, 'Read tokens from FILE, one per line')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Keep queued requests here, durably, across restarts')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS/WSS with this certificate chain (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --tls-cert')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'While a channel has no tunnel: queue requests, or reject them with 503')
            [CompletionResult]::new('--queue-max', '--queue-max', [CompletionResultType]::ParameterName, 'Queued requests per channel at most [default: 1000]')
            [CompletionResult]::new('--queue-bytes', '--queue-bytes', [CompletionResultType]::ParameterName, 'Queued bytes per channel at most [default: 256MiB]')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body (413 beyond)')
            [CompletionResult]::new('--max-in-flight', '--max-in-flight', [CompletionResultType]::ParameterName, 'Requests in flight per channel at most (503 beyond)')
            [CompletionResult]::new('--heartbeat', '--heartbeat', [CompletionResultType]::ParameterName, 'Heartbeat interval; a link silent for two intervals is dropped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for a tunnel''s answer (504 after)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no line per request, only those answered 5xx (tunnel events are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no line per request, only those answered 5xx (tunnel events are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;tunnel' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--relay', '--relay', [CompletionResultType]::ParameterName, 'The relay''s URL (http, https, ws or wss)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Your app: a URL or a local port')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Your app: a URL or a local port')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token for the relay')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Channel to hold (the public URL is the relay URL, then /NAME) [default: a random one]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the app after this long and answer 504')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this CA certificate (PEM) for the relay and the app')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save each request as a fixture file in DIR (replay it with hook replay)')
            [CompletionResult]::new('--heartbeat', '--heartbeat', [CompletionResultType]::ParameterName, 'Heartbeat interval; a link silent for two intervals is dropped')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider to verify as, or `auto`')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret, to show a verdict for each request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (relay and app)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (relay and app)')
            [CompletionResult]::new('--exit-on-disconnect', '--exit-on-disconnect', [CompletionResultType]::ParameterName, 'Exit with status 1 when the link drops, instead of reconnecting (for supervisors)')
            [CompletionResult]::new('--reject-invalid', '--reject-invalid', [CompletionResultType]::ParameterName, 'Answer 401 to requests not validly signed, and do not forward them (needs --secret); a request from the relay''s queue is judged without the age check')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Show only one summary line per request')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Do not show request headers')
            [CompletionResult]::new('--no-body', '--no-body', [CompletionResultType]::ParameterName, 'Do not show request bodies')
            [CompletionResult]::new('--show-response', '--show-response', [CompletionResultType]::ParameterName, 'Show the app''s response body (when forwarding)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app''s response headers and body')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app''s response headers and body')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;providers' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;help' {
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a provider would send with a body, signed')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a request''s signature, and explain why it fails')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks on a local server and show each one; answer, forward, save')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery')
            [CompletionResult]::new('fixtures', 'fixtures', [CompletionResultType]::ParameterValue, 'List the built-in fixtures, or those in the files and directories named')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Run the public relay that carries webhooks to hook tunnels (self-hosted)')
            [CompletionResult]::new('tunnel', 'tunnel', [CompletionResultType]::ParameterValue, 'Connect to a relay and carry its webhooks to your local app')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List every provider with its headers and what it signs')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hook;help;sign' {
            break
        }
        'hook;help;verify' {
            break
        }
        'hook;help;listen' {
            break
        }
        'hook;help;replay' {
            break
        }
        'hook;help;fixtures' {
            break
        }
        'hook;help;relay' {
            break
        }
        'hook;help;tunnel' {
            break
        }
        'hook;help;providers' {
            break
        }
        'hook;help;completions' {
            break
        }
        'hook;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
