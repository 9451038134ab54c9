
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
            cand providers 'List every provider with its headers and what it signs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hook;sign'= {
            cand -p 'Provider whose headers to produce (see `hook providers`), or `hmac`'
            cand --provider 'Provider whose headers to produce (see `hook providers`), or `hmac`'
            cand --secret 'Signing secret; repeat it during rotation (several signatures, or any may match)'
            cand --secret-file 'Read secrets from FILE, one per line (keeps them out of the process list)'
            cand --timestamp 'Unix time to sign with [default: now]'
            cand --id 'Delivery/message id [default: a fresh random one]'
            cand --url 'URL the request goes to (required by twilio and square, which sign it)'
            cand -e 'Event type for the provider''s event header (e.g. push, orders/create)'
            cand --event 'Event type for the provider''s event header (e.g. push, orders/create)'
            cand --format 'Output format'
            cand --header 'Signature header name (with --provider hmac)'
            cand --algorithm 'Hash function'
            cand --encoding 'Encoding of the MAC'
            cand --prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --payload-template 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}'
            cand --timestamp-header 'Header that carries {timestamp} (unix seconds)'
            cand --id-header 'Header that carries {id}'
            cand --color 'When to colour output'
            cand --json 'Print one JSON object per line on stdout, for scripts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hook;verify'= {
            cand -p 'Provider to check as, `auto` to detect it from the headers, or `hmac`'
            cand --provider 'Provider to check as, `auto` to detect it from the headers, or `hmac`'
            cand --secret 'Signing secret; repeat it during rotation (several signatures, or any may match)'
            cand --secret-file 'Read secrets from FILE, one per line (keeps them out of the process list)'
            cand -H 'A request header, ''Name: value'' (repeatable)'
            cand --header 'A request header, ''Name: value'' (repeatable)'
            cand --headers-file 'Read headers from FILE: ''Name: value'' lines, an HTTP request head, or `hook sign --format json` output'
            cand --url 'URL the provider signed (twilio, square)'
            cand --tolerance 'Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider''s]'
            cand --now 'Judge timestamps as if it were this unix time [default: now]'
            cand --signature-header 'Signature header name (with --provider hmac)'
            cand --algorithm 'Hash function'
            cand --encoding 'Encoding of the MAC'
            cand --prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --payload-template 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}'
            cand --timestamp-header 'Header that carries {timestamp} (unix seconds)'
            cand --id-header 'Header that carries {id}'
            cand --color 'When to colour output'
            cand --json 'Print one JSON object per line on stdout, for scripts'
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
            cand providers 'List every provider with its headers and what it signs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hook;help;sign'= {
        }
        &'hook;help;verify'= {
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
