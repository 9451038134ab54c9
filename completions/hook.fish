# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hook_global_optspecs
    string join \n color= json h/help V/version
end

function __fish_hook_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hook_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hook_using_subcommand
    set -l cmd (__fish_hook_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hook -n "__fish_hook_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_needs_command" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_needs_command" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_needs_command" -f -a "sign" -d 'Print the headers a provider would send with a body, signed'
complete -c hook -n "__fish_hook_needs_command" -f -a "verify" -d 'Check a request\'s signature, and explain why it fails'
complete -c hook -n "__fish_hook_needs_command" -f -a "listen" -d 'Receive webhooks on a local server and show each one; answer, forward, save'
complete -c hook -n "__fish_hook_needs_command" -f -a "replay" -d 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery'
complete -c hook -n "__fish_hook_needs_command" -f -a "fixtures" -d 'List the built-in fixtures, or those in the files and directories named'
complete -c hook -n "__fish_hook_needs_command" -f -a "relay" -d 'Run the public relay that carries webhooks to hook tunnels (self-hosted)'
complete -c hook -n "__fish_hook_needs_command" -f -a "tunnel" -d 'Connect to a relay and carry its webhooks to your local app'
complete -c hook -n "__fish_hook_needs_command" -f -a "providers" -d 'List every provider with its headers and what it signs'
complete -c hook -n "__fish_hook_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c hook -n "__fish_hook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hook -n "__fish_hook_using_subcommand sign" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand sign" -s p -l provider -d 'Provider whose headers to produce (see `hook providers`), or `hmac`' -r -f -a "github\t''
stripe\t''
slack\t''
shopify\t''
svix\t''
standard\t''
twilio\t''
paddle\t''
linear\t''
gitlab\t''
pagerduty\t''
woocommerce\t''
vercel\t''
square\t''
zoom\t''
twitch\t''
typeform\t''
calendly\t''
mux\t''
discord\t''
jira\t''
bitbucket\t''
intercom\t''
lemonsqueezy\t''
dropbox\t''
sentry\t''
hubspot\t''
mailgun\t''
sendgrid\t''
hmac\t''
auto\t''"
complete -c hook -n "__fish_hook_using_subcommand sign" -l secret -d 'Signing secret; repeat it during rotation (several signatures, or any may match)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l secret-file -d 'Read secrets from FILE, one per line (keeps them out of the process list)' -r -F
complete -c hook -n "__fish_hook_using_subcommand sign" -l timestamp -d 'Unix time to sign with [default: now]' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l id -d 'Delivery/message id [default: a fresh random one]' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l url -d 'URL the request goes to (required by twilio, square and hubspot, which sign it)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -s e -l event -d 'Event type for the provider\'s event header (e.g. push, orders/create)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l method -d 'HTTP method the request goes with (hubspot signs it; curl sends it)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l format -d 'Output format' -r -f -a "headers\t'One `Name: value` line per header, nothing else'
curl\t'A ready-to-run curl command'
json\t'One JSON object with the headers'"
complete -c hook -n "__fish_hook_using_subcommand sign" -l header -d 'Signature header name (with --provider hmac)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l algorithm -d 'Hash function' -r -f -a "sha1\t'HMAC-SHA1 (GitHub legacy, Twilio, Vercel)'
sha256\t'HMAC-SHA256 (most providers)'
sha512\t'HMAC-SHA512'"
complete -c hook -n "__fish_hook_using_subcommand sign" -l encoding -d 'Encoding of the MAC' -r -f -a "hex\t'lowercase hexadecimal'
base64\t'standard base64 with padding'"
complete -c hook -n "__fish_hook_using_subcommand sign" -l prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l payload-template -d 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l timestamp-header -d 'Header that carries {timestamp} (unix seconds)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l id-header -d 'Header that carries {id}' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand sign" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand verify" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand verify" -s p -l provider -d 'Provider to check as, `auto` to detect it from the headers, or `hmac`' -r -f -a "github\t''
stripe\t''
slack\t''
shopify\t''
svix\t''
standard\t''
twilio\t''
paddle\t''
linear\t''
gitlab\t''
pagerduty\t''
woocommerce\t''
vercel\t''
square\t''
zoom\t''
twitch\t''
typeform\t''
calendly\t''
mux\t''
discord\t''
jira\t''
bitbucket\t''
intercom\t''
lemonsqueezy\t''
dropbox\t''
sentry\t''
hubspot\t''
mailgun\t''
sendgrid\t''
hmac\t''
auto\t''"
complete -c hook -n "__fish_hook_using_subcommand verify" -l secret -d 'Signing secret; repeat it during rotation (several signatures, or any may match)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l secret-file -d 'Read secrets from FILE, one per line (keeps them out of the process list)' -r -F
complete -c hook -n "__fish_hook_using_subcommand verify" -s H -l header -d 'A request header, \'Name: value\' (repeatable)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l headers-file -d 'Read headers from FILE: \'Name: value\' lines, an HTTP request head, or `hook sign --format json` output' -r -F
complete -c hook -n "__fish_hook_using_subcommand verify" -l request -d 'Check a request saved by `hook listen --save` (or any fixture file): its method, path, headers and body' -r -F
complete -c hook -n "__fish_hook_using_subcommand verify" -l url -d 'URL the provider signed (twilio, square, hubspot)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l method -d 'HTTP method the request came with (hubspot signs it)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l tolerance -d 'Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider\'s]' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l now -d 'Judge timestamps as if it were this unix time [default: now]' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l signature-header -d 'Signature header name (with --provider hmac)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l algorithm -d 'Hash function' -r -f -a "sha1\t'HMAC-SHA1 (GitHub legacy, Twilio, Vercel)'
sha256\t'HMAC-SHA256 (most providers)'
sha512\t'HMAC-SHA512'"
complete -c hook -n "__fish_hook_using_subcommand verify" -l encoding -d 'Encoding of the MAC' -r -f -a "hex\t'lowercase hexadecimal'
base64\t'standard base64 with padding'"
complete -c hook -n "__fish_hook_using_subcommand verify" -l prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l payload-template -d 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l timestamp-header -d 'Header that carries {timestamp} (unix seconds)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l id-header -d 'Header that carries {id}' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand verify" -s v -l verbose -d 'When no secret matches, show the bytes signed, the signature received and what each secret gives'
complete -c hook -n "__fish_hook_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand verify" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand listen" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand listen" -s p -l port -d 'Port to listen on; 0 picks a free one' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l host -d 'Address to listen on' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l provider -d 'Provider to verify as, or `auto` to detect it per request' -r -f -a "github\t''
stripe\t''
slack\t''
shopify\t''
svix\t''
standard\t''
twilio\t''
paddle\t''
linear\t''
gitlab\t''
pagerduty\t''
woocommerce\t''
vercel\t''
square\t''
zoom\t''
twitch\t''
typeform\t''
calendly\t''
mux\t''
discord\t''
jira\t''
bitbucket\t''
intercom\t''
lemonsqueezy\t''
dropbox\t''
sentry\t''
hubspot\t''
mailgun\t''
sendgrid\t''
hmac\t''
auto\t''"
complete -c hook -n "__fish_hook_using_subcommand listen" -l secret -d 'Signing secret; repeat during rotation. Without one, requests are shown as unchecked' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l secret-file -d 'Read secrets from FILE, one per line' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l public-url -d 'Public base URL the provider calls, for URL-signing providers (twilio, square) behind a tunnel' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l tolerance -d 'Allowed timestamp age, e.g. 5m; 0 turns the check off [default: the provider\'s]' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l status -d 'Status code to answer' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l response-body -d 'Response body' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l response-file -d 'Response body from a file' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l response-header -d 'Response header \'Name: value\' (repeatable)' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l delay -d 'Wait before answering, e.g. 2s, 500ms' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l fail-first -d 'Answer 500 to the first N attempts of each delivery, to exercise retries' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l fail-rate -d 'Answer 500 to this fraction of requests, e.g. 0.3' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l seed -d 'Seed for --fail-rate, for repeatable runs' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -s f -l forward-to -d 'Forward each request to your app: a URL or a local port' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -s e -l events -d 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered by hook, shown as one line, not forwarded nor saved' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l route -d 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -s H -l header -d 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l timeout -d 'Give up on the app after this long and answer 504' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l cacert -d 'Trust this CA certificate (PEM) for the app' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l save -d 'Save each request as a fixture file in DIR (replay it with hook replay)' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l threads -d 'Serve on N threads [default: one per core, at most 4]' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l max-body -d 'Largest body accepted; larger ones get 413' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM)' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l tls-key -d 'Private key (PEM) for --tls-cert' -r -F
complete -c hook -n "__fish_hook_using_subcommand listen" -l retry -d 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way' -r -f -a "exponential\t'base, 2×base, 4×base, …'
fixed\t'base, base, base, …'
fibonacci\t'base, base, 2×base, 3×base, 5×base, …'"
complete -c hook -n "__fish_hook_using_subcommand listen" -l retry-base -d 'First retry delay (with --retry)' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l retry-max -d 'Retries at most (with --retry)' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l retry-schedule -d 'Explicit retry delays, e.g. 1s,5s,30s' -r
complete -c hook -n "__fish_hook_using_subcommand listen" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand listen" -s q -l quiet -d 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
complete -c hook -n "__fish_hook_using_subcommand listen" -l compact -d 'Show only one summary line per request'
complete -c hook -n "__fish_hook_using_subcommand listen" -l no-headers -d 'Do not show request headers'
complete -c hook -n "__fish_hook_using_subcommand listen" -l no-body -d 'Do not show request bodies'
complete -c hook -n "__fish_hook_using_subcommand listen" -l show-response -d 'Show the app\'s response body (when forwarding)'
complete -c hook -n "__fish_hook_using_subcommand listen" -s v -l verbose -d 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app\'s response headers and body'
complete -c hook -n "__fish_hook_using_subcommand listen" -l reject-invalid -d 'Answer 401 to invalid and unsigned requests'
complete -c hook -n "__fish_hook_using_subcommand listen" -l no-handshakes -d 'Do not answer provider handshakes (Slack, Zoom, Twitch, Discord, GET challenges) automatically'
complete -c hook -n "__fish_hook_using_subcommand listen" -s k -l insecure -d 'Accept any TLS certificate from the app'
complete -c hook -n "__fish_hook_using_subcommand listen" -l tls -d 'Serve HTTPS with a self-signed certificate made at start'
complete -c hook -n "__fish_hook_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand listen" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand replay" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand replay" -l to -d 'Base URL to send to; each fixture\'s path is appended' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -s e -l events -d 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -s p -l provider -d 'Sign as this provider instead of the fixture\'s' -r -f -a "github\t''
stripe\t''
slack\t''
shopify\t''
svix\t''
standard\t''
twilio\t''
paddle\t''
linear\t''
gitlab\t''
pagerduty\t''
woocommerce\t''
vercel\t''
square\t''
zoom\t''
twitch\t''
typeform\t''
calendly\t''
mux\t''
discord\t''
jira\t''
bitbucket\t''
intercom\t''
lemonsqueezy\t''
dropbox\t''
sentry\t''
hubspot\t''
mailgun\t''
sendgrid\t''
hmac\t''
auto\t''"
complete -c hook -n "__fish_hook_using_subcommand replay" -l secret -d 'Signing secret; repeat it during rotation (several signatures, or any may match)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l secret-file -d 'Read secrets from FILE, one per line (keeps them out of the process list)' -r -F
complete -c hook -n "__fish_hook_using_subcommand replay" -l set -d 'Set a body field: path=value (value parsed as JSON, else a string)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l unset -d 'Remove a body field' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -s H -l header -d 'Add or replace a header, \'Name: value\' (repeatable)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l format -d 'Format for --dry-run (--json prints each request as a JSON object instead)' -r -f -a "http\t'The raw HTTP/1.1 request'
curl\t'A curl command'"
complete -c hook -n "__fish_hook_using_subcommand replay" -l seed -d 'Seed for --shuffle, for repeatable runs' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l stale -d 'Sign with a timestamp this old, e.g. 10m (expect 4xx)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l repeat -d 'Send everything N times, as new deliveries each time' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -s c -l concurrency -d 'Deliveries in flight at once' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l rate -d 'Start at most R deliveries per second, e.g. 10/s or 600/m' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l timeout -d 'Give up on an attempt after this long' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l cacert -d 'Trust this CA certificate (PEM)' -r -F
complete -c hook -n "__fish_hook_using_subcommand replay" -l save-responses -d 'Save each delivery\'s response (status, headers, body) to FILE, one JSON object a line' -r -F
complete -c hook -n "__fish_hook_using_subcommand replay" -l compare -d 'Compare each response with the one saved in FILE by --save-responses; exit 1 when any differs' -r -F
complete -c hook -n "__fish_hook_using_subcommand replay" -l ignore-field -d 'Leave this JSON body field out of --compare, e.g. data.created_at (repeatable)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l retry -d 'Try again after a 5xx, 429, timeout or connection error, with delays growing this way' -r -f -a "exponential\t'base, 2×base, 4×base, …'
fixed\t'base, base, base, …'
fibonacci\t'base, base, 2×base, 3×base, 5×base, …'"
complete -c hook -n "__fish_hook_using_subcommand replay" -l retry-base -d 'First retry delay (with --retry)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l retry-max -d 'Retries at most (with --retry)' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l retry-schedule -d 'Explicit retry delays, e.g. 1s,5s,30s' -r
complete -c hook -n "__fish_hook_using_subcommand replay" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand replay" -l keep-ids -d 'Keep the fixtures\' delivery and event ids (to test idempotency)'
complete -c hook -n "__fish_hook_using_subcommand replay" -l dry-run -d 'Print the exact requests instead of sending them'
complete -c hook -n "__fish_hook_using_subcommand replay" -l show-response -d 'Show each response body'
complete -c hook -n "__fish_hook_using_subcommand replay" -s q -l quiet -d 'Print only attempts that did not get the expected answer, then the summary'
complete -c hook -n "__fish_hook_using_subcommand replay" -l duplicate -d 'Send each delivery twice with the same id'
complete -c hook -n "__fish_hook_using_subcommand replay" -l shuffle -d 'Send in random order'
complete -c hook -n "__fish_hook_using_subcommand replay" -l tamper -d 'Change the body after signing (expect 4xx)'
complete -c hook -n "__fish_hook_using_subcommand replay" -l unsigned -d 'Send without signature headers (expect 4xx)'
complete -c hook -n "__fish_hook_using_subcommand replay" -l wrong-secret -d 'Sign with a random secret (expect 4xx)'
complete -c hook -n "__fish_hook_using_subcommand replay" -s k -l insecure -d 'Accept any TLS certificate from the receiver'
complete -c hook -n "__fish_hook_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand replay" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand fixtures" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand fixtures" -s e -l events -d 'Only the fixtures with these events (globs, comma-separated: push,invoice.*,stripe:*)' -r
complete -c hook -n "__fish_hook_using_subcommand fixtures" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand fixtures" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand fixtures" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand relay" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand relay" -l listen -d 'Address to listen on; port 0 picks a free one' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l public-url -d 'Public base URL, as senders reach it (behind a proxy or TLS terminator)' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l token -d 'Token a tunnel must present (repeatable); one is generated and printed when none is given' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l tokens-file -d 'Read tokens from FILE, one per line' -r -F
complete -c hook -n "__fish_hook_using_subcommand relay" -l data-dir -d 'Keep queued requests here, durably, across restarts' -r -F
complete -c hook -n "__fish_hook_using_subcommand relay" -l tls-cert -d 'Serve HTTPS/WSS with this certificate chain (PEM)' -r -F
complete -c hook -n "__fish_hook_using_subcommand relay" -l tls-key -d 'Private key (PEM) for --tls-cert' -r -F
complete -c hook -n "__fish_hook_using_subcommand relay" -l offline -d 'While a channel has no tunnel: queue requests, or reject them with 503' -r -f -a "queue\t'Queue them (answer 202) and deliver in order on reconnect'
reject\t'Answer 503 with Retry-After, so the provider retries'"
complete -c hook -n "__fish_hook_using_subcommand relay" -l queue-max -d 'Queued requests per channel at most [default: 1000]' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l queue-bytes -d 'Queued bytes per channel at most [default: 256MiB]' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l max-body -d 'Largest request body (413 beyond)' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l max-in-flight -d 'Requests in flight per channel at most (503 beyond)' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l heartbeat -d 'Heartbeat interval; a link silent for two intervals is dropped' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l timeout -d 'How long to wait for a tunnel\'s answer (504 after)' -r
complete -c hook -n "__fish_hook_using_subcommand relay" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand relay" -s q -l quiet -d 'Print no line per request, only those answered 5xx (tunnel events are still printed)'
complete -c hook -n "__fish_hook_using_subcommand relay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand relay" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l relay -d 'The relay\'s URL (http, https, ws or wss)' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s f -l forward-to -d 'Your app: a URL or a local port' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s e -l events -d 'Only these events (globs, comma-separated: push,invoice.*,stripe:*): others are answered 200 by the tunnel, shown as one line, not forwarded' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l route -d 'Forward requests whose event matches PATTERN to this app; repeatable, the first match wins, -f takes the rest' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s H -l header -d 'Add a header to each request forwarded to your app, replacing any of that name (repeatable); the screen and --save keep the request as it came' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l token -d 'Token for the relay' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l channel -d 'Channel to hold (the public URL is the relay URL, then /NAME) [default: a random one]' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l timeout -d 'Give up on the app after this long and answer 504' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l cacert -d 'Trust this CA certificate (PEM) for the relay and the app' -r -F
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l save -d 'Save each request as a fixture file in DIR (replay it with hook replay)' -r -F
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l heartbeat -d 'Heartbeat interval; a link silent for two intervals is dropped' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l provider -d 'Provider to verify as, or `auto`' -r -f -a "github\t''
stripe\t''
slack\t''
shopify\t''
svix\t''
standard\t''
twilio\t''
paddle\t''
linear\t''
gitlab\t''
pagerduty\t''
woocommerce\t''
vercel\t''
square\t''
zoom\t''
twitch\t''
typeform\t''
calendly\t''
mux\t''
discord\t''
jira\t''
bitbucket\t''
intercom\t''
lemonsqueezy\t''
dropbox\t''
sentry\t''
hubspot\t''
mailgun\t''
sendgrid\t''
hmac\t''
auto\t''"
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l secret -d 'Signing secret, to show a verdict for each request' -r
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s k -l insecure -d 'Accept any TLS certificate (relay and app)'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l exit-on-disconnect -d 'Exit with status 1 when the link drops, instead of reconnecting (for supervisors)'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l reject-invalid -d 'Answer 401 to requests not validly signed, and do not forward them (needs --secret); a request from the relay\'s queue is judged without the age check'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s q -l quiet -d 'Show only requests that failed (the app did not answer, a 5xx, refused unread, or rejected by --reject-invalid), not one line per request'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l compact -d 'Show only one summary line per request'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l no-headers -d 'Do not show request headers'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l no-body -d 'Do not show request bodies'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -l show-response -d 'Show the app\'s response body (when forwarding)'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s v -l verbose -d 'Show more of each request: how a signature that matched no secret was worked out (as `hook verify -v`), and the app\'s response headers and body'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand tunnel" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand providers" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand providers" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand providers" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand providers" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand completions" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand completions" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "sign" -d 'Print the headers a provider would send with a body, signed'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "verify" -d 'Check a request\'s signature, and explain why it fails'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "listen" -d 'Receive webhooks on a local server and show each one; answer, forward, save'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "replay" -d 'Send fixture events to a URL with fresh, valid signatures; simulate real delivery'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "fixtures" -d 'List the built-in fixtures, or those in the files and directories named'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "relay" -d 'Run the public relay that carries webhooks to hook tunnels (self-hosted)'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "tunnel" -d 'Connect to a relay and carry its webhooks to your local app'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "providers" -d 'List every provider with its headers and what it signs'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen replay fixtures relay tunnel providers completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
