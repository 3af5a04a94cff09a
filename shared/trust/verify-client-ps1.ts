import { bundlePaths, windowsCertsDirName } from './cert-layout';
import { psQuote } from './install-script-windows';
import { verifyClientFixes, verifyClientPaths, type VerifyClientPlan } from './verify-client';

function header(plan: VerifyClientPlan): string {
  const fixes = Object.entries(verifyClientFixes).map(([code, text]) => `  ${psQuote(code)} = ${psQuote(text)}`).join('\n');
  return `<#
  verify-client for Windows (Docker Engine / Mirantis Container Runtime): checks from THIS host what
  Docker will do for DTR and the storage host it redirects blob downloads to: DNS, TCP, and TLS with the
  trust Docker uses for the redirect (Windows roots + certs.d\\<dtr-host>\\*.crt), and the client probe's
  presigned download when the bundle was exported with --client-probe.
  Needs: Windows PowerShell 5.1 or PowerShell 7 (.NET only, no curl/openssl); no admin rights; no secret.
  Usage: powershell -ExecutionPolicy Bypass -File ${verifyClientPaths.ps1.replace(/\//g, '\\')} [-CertsDir DIR] [-TimeoutSeconds N]
    -CertsDir DIR  stands in for C:\\ProgramData\\docker\\certs.d (Docker Desktop: ~\\.docker\\certs.d)
  Output: one line per check: STATUS CHECK CODE HOST: message. Exit 0 all passed, 1 a check failed.
#>
param([string]$CertsDir = '', [int]$TimeoutSeconds = 10)
$ErrorActionPreference = 'Stop'
$DtrName = ${psQuote(windowsCertsDirName(plan.dtrName))}
$DtrHost = ${psQuote(plan.dtrHost)}
$DtrPort = ${plan.dtrPort}
$TrustMode = ${psQuote(plan.mode)}
$DtrCrt = ${psQuote(bundlePaths.dtrCa(plan.dtrName))}
$StorageCrt = ${psQuote(bundlePaths.storageCaForDocker(plan.dtrName))}
$StorageScheme = ${psQuote(plan.storage?.scheme ?? '')}
$StorageHost = ${psQuote(plan.storage?.host ?? '')}
$StoragePort = ${plan.storage?.port ?? 0}
$ProbeUrl = ${psQuote(plan.probe?.url ?? '')}
$ProbeBody = ${psQuote(plan.probe?.body.replace(/\n$/, '') ?? '')}
$ProbeExpires = ${plan.probe?.expiresAt ?? 0}
$Fixes = @{
${fixes}
}
`;
}

const body = `
if (-not $CertsDir) { $CertsDir = Join-Path $env:ProgramData 'docker\\certs.d' }
$DtrDir = Join-Path $CertsDir $DtrName
$script:Failed = $false

function Write-Check([string]$Status, [string]$Check, [string]$Code, [string]$Where, [string]$Message) {
  Write-Output ('{0,-4} {1,-14} {2,-22} {3}: {4}' -f $Status, $Check, $Code, $Where, $Message)
  if ($Status -eq 'FAIL') { $script:Failed = $true }
}
function Write-Fail([string]$Check, [string]$Code, [string]$Where, [string]$Message, [string]$Crt) {
  $fix = $Fixes[$Code]
  if (-not $fix) { $fix = "See the code $Code in the bundle README." }
  $fix = $fix.Replace('%HOST%', $Where).Replace('%DIR%', $DtrDir).Replace('%CRT%', $Crt)
  Write-Check 'FAIL' $Check $Code $Where "$Message Fix: $fix"
}

# The trust Docker uses: the Windows roots plus every *.crt in certs.d\\<dtr-host>.
$Extra = @()
if (Test-Path -LiteralPath $DtrDir) {
  foreach ($f in Get-ChildItem -LiteralPath $DtrDir -Filter '*.crt') {
    $Extra += New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $f.FullName
  }
}
Write-Check 'PASS' 'tools' '-' 'localhost' ("PowerShell {0}; trust = Windows roots + {1} file(s) from {2}" -f $PSVersionTable.PSVersion, $Extra.Count, $DtrDir)
if ($TrustMode -eq 'insecure-registry') { Write-Check 'SKIP' 'certs-dir' '-' $DtrDir 'DTR is an insecure registry here: Docker checks no certificate' }
elseif ($Extra.Count -gt 0) { Write-Check 'PASS' 'certs-dir' '-' $DtrDir ("CA files: {0}" -f (($Extra | ForEach-Object { $_.Subject }) -join '; ')) }
else { Write-Check 'WARN' 'certs-dir' '-' $DtrDir 'no *.crt there: only the Windows roots are trusted' }

function Get-TrustVerdict($Cert, $PolicyErrors) {
  if (($PolicyErrors -band [System.Net.Security.SslPolicyErrors]::RemoteCertificateNameMismatch) -ne 0) { return 'TLS_HOSTNAME_MISMATCH' }
  $c2 = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $Cert
  $now = Get-Date
  if ($c2.NotAfter -lt $now) { return 'TLS_CERT_EXPIRED' }
  if ($c2.NotBefore -gt $now) { return 'TLS_CERT_NOT_YET_VALID' }
  $chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain
  $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
  foreach ($ca in $Extra) { [void]$chain.ChainPolicy.ExtraStore.Add($ca) }
  if ($chain.Build($c2)) { return '' }
  $root = $chain.ChainElements[$chain.ChainElements.Count - 1].Certificate
  $statuses = @($chain.ChainStatus | ForEach-Object { $_.Status.ToString() })
  $onlyRoot = @($statuses | Where-Object { $_ -ne 'UntrustedRoot' }).Count -eq 0
  if ($onlyRoot -and @($Extra | Where-Object { $_.Thumbprint -eq $root.Thumbprint }).Count -gt 0) { return '' }
  if ($c2.Subject -eq $c2.Issuer -and $chain.ChainElements.Count -eq 1 -and $Extra.Count -eq 0) { return 'TLS_SELF_SIGNED' }
  if ($statuses -contains 'UntrustedRoot' -or $statuses -contains 'PartialChain') {
    if ($Extra.Count -gt 0) { return 'TLS_WRONG_CA' } else { return 'TLS_UNKNOWN_CA' }
  }
  return 'TLS_UNTRUSTED'
}

# One HTTP/1.1 GET over our own TCP (+TLS) connection, so the trust above is the only trust used.
function Invoke-Get([string]$Scheme, [string]$HostName, [int]$Port, [string]$PathAndQuery) {
  $r = @{ Stage = 'tcp'; Code = ''; Detail = ''; Status = 0; Body = '' }
  $client = New-Object System.Net.Sockets.TcpClient
  try {
    try {
      $task = $client.ConnectAsync($HostName, $Port)
      if (-not $task.Wait($TimeoutSeconds * 1000)) { $r.Code = 'TIMEOUT'; $r.Detail = "no answer in $TimeoutSeconds s"; return $r }
    } catch {
      $inner = $_.Exception; while ($inner.InnerException) { $inner = $inner.InnerException }
      $r.Detail = $inner.Message
      switch ([string]$inner.SocketErrorCode) {
        'ConnectionRefused' { $r.Code = 'CONNECTION_REFUSED' }
        'HostUnreachable' { $r.Code = 'HOST_UNREACHABLE' }
        'NetworkUnreachable' { $r.Code = 'HOST_UNREACHABLE' }
        'TimedOut' { $r.Code = 'TIMEOUT' }
        'HostNotFound' { $r.Code = 'DNS_NOT_FOUND' }
        default { $r.Code = 'CONNECTION_REFUSED' }
      }
      return $r
    }
    if ($Scheme -eq 'tcp-only') { $r.Stage = 'http'; return $r }
    $r.Stage = 'tls'
    $stream = $client.GetStream()
    $stream.ReadTimeout = $TimeoutSeconds * 1000
    if ($Scheme -eq 'https') {
      $script:PeerCert = $null; $script:PeerErrors = 0
      $callback = [System.Net.Security.RemoteCertificateValidationCallback]{ param($s, $c, $ch, $e) $script:PeerCert = $c; $script:PeerErrors = $e; $true }
      $ssl = New-Object System.Net.Security.SslStream -ArgumentList $stream, $false, $callback
      try { $ssl.AuthenticateAsClient($HostName) } catch { $r.Code = 'CONNECTION_RESET'; $r.Detail = $_.Exception.Message; return $r }
      # An insecure registry: Docker checks no certificate, not even the storage host's after the 307.
      $verdict = if ($TrustMode -eq 'insecure-registry') { '' } else { Get-TrustVerdict $script:PeerCert $script:PeerErrors }
      if ($verdict) { $r.Code = $verdict; $r.Detail = "certificate of $HostName refused"; return $r }
      $stream = $ssl
    }
    $r.Stage = 'http'
    try {
    # The Host header as curl and Docker send it (no default port): a presigned URL signs it.
    $hostHeader = if ($HostName.Contains(':')) { "[$HostName]" } else { $HostName }
    if (-not (($Scheme -eq 'https' -and $Port -eq 443) -or ($Scheme -eq 'http' -and $Port -eq 80))) { $hostHeader = "$hostHeader\`:$Port" }
    $request = [System.Text.Encoding]::ASCII.GetBytes("GET $PathAndQuery HTTP/1.1\`r\`nHost: $hostHeader\`r\`nConnection: close\`r\`n\`r\`n")
    $stream.Write($request, 0, $request.Length)
    $buffer = New-Object byte[] 65536
    $all = New-Object System.IO.MemoryStream
    for ($i = 0; $i -lt 1024; $i++) { $n = $stream.Read($buffer, 0, $buffer.Length); if ($n -le 0) { break }; $all.Write($buffer, 0, $n) }
    $text = [System.Text.Encoding]::UTF8.GetString($all.ToArray())
    $split = $text.IndexOf("\`r\`n\`r\`n")
    if ($text -match '^HTTP/1\\.[01] (\\d{3})') { $r.Status = [int]$Matches[1] }
    if ($split -ge 0) { $r.Body = $text.Substring($split + 4) }
    } catch { $r.Stage = 'tls'; $r.Code = 'CONNECTION_RESET'; $r.Detail = $_.Exception.Message }
    return $r
  } finally { $client.Close() }
}

function Test-Target([string]$Suffix, [string]$HostName, [int]$Port, [string]$Scheme, [string]$Path, [string]$Crt) {
  $where = if ($HostName.Contains(':')) { "[$HostName]:$Port" } else { "$HostName\`:$Port" }
  $ip = $null
  if ([System.Net.IPAddress]::TryParse($HostName, [ref]$ip)) { Write-Check 'PASS' "dns-$Suffix" '-' $HostName 'an IP address: nothing to resolve' }
  else {
    try { $addrs = [System.Net.Dns]::GetHostAddresses($HostName); Write-Check 'PASS' "dns-$Suffix" '-' $HostName ("resolves to {0}" -f (($addrs | Select-Object -First 4) -join ' ')) }
    catch {
      Write-Fail "dns-$Suffix" 'DNS_NOT_FOUND' $HostName 'does not resolve from this host.' $Crt
      Write-Check 'SKIP' "tcp-$Suffix" '-' $where 'no address'; Write-Check 'SKIP' "tls-$Suffix" '-' $where 'no address'; return
    }
  }
  $insecure = $TrustMode -eq 'insecure-registry'
  $r = Invoke-Get $(if ($insecure) { 'tcp-only' } else { $Scheme }) $HostName $Port $Path
  if ($r.Stage -eq 'tcp') { Write-Fail "tcp-$Suffix" $r.Code $where "$($r.Detail)." $Crt; Write-Check 'SKIP' "tls-$Suffix" '-' $where 'no connection'; return }
  Write-Check 'PASS' "tcp-$Suffix" '-' $where 'connected'
  if ($insecure) { Write-Check 'SKIP' "tls-$Suffix" '-' $where 'insecure-registry: Docker verifies no certificate (lab only)' }
  elseif ($Scheme -eq 'http') { Write-Check 'SKIP' "tls-$Suffix" '-' $where 'plain HTTP: no certificate to check' }
  elseif ($r.Stage -eq 'tls') { Write-Fail "tls-$Suffix" $r.Code $where "$($r.Detail)." $Crt }
  else { Write-Check 'PASS' "tls-$Suffix" '-' $where "certificate verified with the trust above (HTTP $($r.Status))" }
}

Test-Target 'dtr' $DtrHost $DtrPort 'https' '/v2/' $DtrCrt
if ($StorageHost) { Test-Target 'storage' $StorageHost $StoragePort $StorageScheme '/' $StorageCrt }
else { foreach ($c in 'dns-storage', 'tcp-storage', 'tls-storage') { Write-Check 'SKIP' $c '-' '-' 'clients never connect to storage (redirects disabled, DTR streams blobs)' } }

if (-not $ProbeUrl) { Write-Check 'SKIP' 'probe-download' '-' '-' 'the bundle was exported without --client-probe' }
else {
  $u = [System.Uri]$ProbeUrl
  $where = "$($u.Host)\`:$($u.Port)"
  $r = Invoke-Get $u.Scheme $u.Host $u.Port $u.PathAndQuery
  if ($r.Stage -ne 'http') { Write-Fail 'probe-download' $r.Code $where "the presigned download failed: $($r.Detail)." $StorageCrt }
  elseif ($r.Status -eq 200 -and $r.Body.TrimEnd("\`n") -eq $ProbeBody) { Write-Check 'PASS' 'probe-download' '-' $where 'downloaded the probe object through its presigned URL, as a pull does after the 307' }
  elseif ($r.Status -eq 200) { Write-Fail 'probe-download' 'PROBE_BODY_MISMATCH' $where 'HTTP 200, but not the probe object''s content.' $StorageCrt }
  else {
    $s3code = if ($r.Body -match '<Code>([A-Za-z]+)</Code>') { $Matches[1] } else { '' }
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $code = if ($now -ge $ProbeExpires) { 'PROBE_EXPIRED' } else { switch ($s3code) { 'NoSuchKey' { 'OBJECT_MISSING' } 'SignatureDoesNotMatch' { 'SIGNATURE_MISMATCH' } 'AccessDenied' { 'ACCESS_DENIED' } default { 'S3_ERROR' } } }
    Write-Fail 'probe-download' $code $where "HTTP $($r.Status) $s3code." $StorageCrt
  }
}
if ($script:Failed) { exit 1 } else { exit 0 }
`;

/** scripts/verify-client.ps1 (Windows). */
export function renderVerifyClientPs1(plan: VerifyClientPlan): string {
  return header(plan) + body;
}
