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
complete -c hook -n "__fish_hook_needs_command" -f -a "providers" -d 'List every provider with its headers and what it signs'
complete -c hook -n "__fish_hook_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c hook -n "__fish_hook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hook -n "__fish_hook_using_subcommand sign" -s p -l provider -d 'Provider whose headers to produce (see `hook providers`), or `hmac`' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l secret -d 'Signing secret; repeat it during rotation (several signatures, or any may match)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l secret-file -d 'Read secrets from FILE, one per line (keeps them out of the process list)' -r -F
complete -c hook -n "__fish_hook_using_subcommand sign" -l timestamp -d 'Unix time to sign with [default: now]' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l id -d 'Delivery/message id [default: a fresh random one]' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -l url -d 'URL the request goes to (required by twilio and square, which sign it)' -r
complete -c hook -n "__fish_hook_using_subcommand sign" -s e -l event -d 'Event type for the provider\'s event header (e.g. push, orders/create)' -r
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
complete -c hook -n "__fish_hook_using_subcommand sign" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand sign" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand sign" -s V -l version -d 'Print version'
complete -c hook -n "__fish_hook_using_subcommand verify" -s p -l provider -d 'Provider to check as, `auto` to detect it from the headers, or `hmac`' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l secret -d 'Signing secret; repeat it during rotation (several signatures, or any may match)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l secret-file -d 'Read secrets from FILE, one per line (keeps them out of the process list)' -r -F
complete -c hook -n "__fish_hook_using_subcommand verify" -s H -l header -d 'A request header, \'Name: value\' (repeatable)' -r
complete -c hook -n "__fish_hook_using_subcommand verify" -l headers-file -d 'Read headers from FILE: \'Name: value\' lines, an HTTP request head, or `hook sign --format json` output' -r -F
complete -c hook -n "__fish_hook_using_subcommand verify" -l url -d 'URL the provider signed (twilio, square)' -r
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
complete -c hook -n "__fish_hook_using_subcommand verify" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c hook -n "__fish_hook_using_subcommand verify" -l json -d 'Print one JSON object per line on stdout, for scripts'
complete -c hook -n "__fish_hook_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hook -n "__fish_hook_using_subcommand verify" -s V -l version -d 'Print version'
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
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers completions help" -f -a "sign" -d 'Print the headers a provider would send with a body, signed'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers completions help" -f -a "verify" -d 'Check a request\'s signature, and explain why it fails'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers completions help" -f -a "providers" -d 'List every provider with its headers and what it signs'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c hook -n "__fish_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
