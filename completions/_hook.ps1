
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
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List every provider with its headers and what it signs')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hook;sign' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose headers to produce (see `hook providers`), or `hmac`')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose headers to produce (see `hook providers`), or `hmac`')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat it during rotation (several signatures, or any may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line (keeps them out of the process list)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix time to sign with [default: now]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Delivery/message id [default: a fresh random one]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the request goes to (required by twilio and square, which sign it)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Event type for the provider''s event header (e.g. push, orders/create)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Event type for the provider''s event header (e.g. push, orders/create)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Signature header name (with --provider hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash function')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Encoding of the MAC')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--payload-template', '--payload-template', [CompletionResultType]::ParameterName, 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp} (unix seconds)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hook;verify' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider to check as, `auto` to detect it from the headers, or `hmac`')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider to check as, `auto` to detect it from the headers, or `hmac`')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret; repeat it during rotation (several signatures, or any may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read secrets from FILE, one per line (keeps them out of the process list)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--headers-file', '--headers-file', [CompletionResultType]::ParameterName, 'Read headers from FILE: ''Name: value'' lines, an HTTP request head, or `hook sign --format json` output')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the provider signed (twilio, square)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Allowed timestamp age, e.g. 5m, 300s; 0 turns the check off [default: the provider''s]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge timestamps as if it were this unix time [default: now]')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (with --provider hmac)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash function')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Encoding of the MAC')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--payload-template', '--payload-template', [CompletionResultType]::ParameterName, 'Signed bytes; placeholders {body}, {timestamp}, {id}, {url}')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp} (unix seconds)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line on stdout, for scripts')
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
