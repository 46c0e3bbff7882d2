<#
.SYNOPSIS
    Writes en-US/KsefPS.dll-help.xml (MAML) for the built module from the help sources in src/KsefPS/help.
.DESCRIPTION
    Syntax, parameter types, positions and pipeline input come from the compiled cmdlets; synopsis, description,
    parameter texts and examples from one .psd1 per cmdlet. A cmdlet or parameter without a text fails the build.
    Runs in a child pwsh so that the build process never loads the module it is laying out.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [switch] $InProcess
)
$ErrorActionPreference = 'Stop'

if (-not $InProcess) {
    . (Join-Path $PSScriptRoot ChildPwsh.ps1)
    Invoke-ChildPwsh -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -SourcePath $SourcePath -InProcess
    if ($LASTEXITCODE -ne 0) { throw 'Help generation failed.' }
    return
}

$module = Import-Module (Resolve-Path $ModulePath).Path -PassThru
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
# A cmdlet that asks before it changes something shows -WhatIf and -Confirm as its own, as PowerShell's own help does.
$shouldProcess = [ordered]@{
    WhatIf  = 'Shows what the cmdlet would do, without doing it.'
    Confirm = 'Asks for confirmation before each change (-Confirm:$false: never).'
}
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$helpDirectory = Join-Path $ModulePath 'en-US'
New-Item -ItemType Directory -Force $helpDirectory | Out-Null
$writer = [System.Xml.XmlWriter]::Create((Join-Path $helpDirectory 'KsefPS.dll-help.xml'), $settings)

function Write-Paragraphs([string] $Text) {
    foreach ($paragraph in ($Text.Trim() -split "\r?\n\s*\r?\n")) {
        $writer.WriteElementString('para', $maml, ($paragraph -replace '\s*\r?\n\s*', ' ').Trim())
    }
}
function Write-Description([string] $Text) {
    $writer.WriteStartElement('description', $maml); Write-Paragraphs $Text; $writer.WriteEndElement()
}
function Get-PipelineInput($Attribute) {
    $kinds = @()
    if ($Attribute.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Attribute.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}
# What a parameter takes, as Get-Help shows it: an optional value's own type (DateTime, not Nullable`1).
function Get-ValueType([type] $Type) { [Nullable]::GetUnderlyingType($Type) ?? $Type }
function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    (Get-ValueType $Type).Name
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
$missing = @()

foreach ($cmd in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $sourceFile = Join-Path $SourcePath "$($cmd.Name).psd1"
    if (-not (Test-Path $sourceFile)) { $missing += "$($cmd.Name): no help source $sourceFile"; continue }
    $source = Import-PowerShellDataFile $sourceFile
    $parameters = $cmd.Parameters.Values | Where-Object { $_.Name -notin $common }
    $listed = @($parameters) + @($cmd.Parameters.Values | Where-Object { $_.Name -in $shouldProcess.Keys })
    foreach ($p in $parameters) {
        if (-not $source.Parameters.ContainsKey($p.Name)) { $missing += "$($cmd.Name) -$($p.Name): no description" }
    }
    if (-not $source.Examples) { $missing += "$($cmd.Name): no example" }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('details', $command)
    $writer.WriteElementString('name', $command, $cmd.Name)
    $writer.WriteElementString('verb', $command, $cmd.Verb)
    $writer.WriteElementString('noun', $command, $cmd.Noun)
    Write-Description $source.Synopsis
    $writer.WriteEndElement()
    Write-Description $source.Description

    $writer.WriteStartElement('syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $writer.WriteStartElement('syntaxItem', $command)
        $writer.WriteElementString('name', $maml, $cmd.Name)
        foreach ($p in ($set.Parameters | Where-Object { $_.Name -notin $common -or $_.Name -in $shouldProcess.Keys })) {
            $writer.WriteStartElement('parameter', $command)
            $writer.WriteAttributeString('required', "$($p.IsMandatory)".ToLowerInvariant())
            $writer.WriteAttributeString('position', $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' }))
            $writer.WriteElementString('name', $maml, $p.Name)
            if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $writer.WriteStartElement('parameterValue', $command)
                $writer.WriteAttributeString('required', 'true')
                $writer.WriteString((Get-TypeName $p.ParameterType))
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('parameters', $command)
    foreach ($p in $listed) {
        $attribute = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
        $writer.WriteStartElement('parameter', $command)
        $writer.WriteAttributeString('required', "$([bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }))".ToLowerInvariant())
        $writer.WriteAttributeString('globbing', "$([bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
        $writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $attribute))
        $writer.WriteAttributeString('position', $(if ($attribute.Position -ge 0) { "$($attribute.Position)" } else { 'named' }))
        $writer.WriteAttributeString('aliases', $(if ($p.Aliases) { $p.Aliases -join ', ' } else { 'none' }))
        $writer.WriteElementString('name', $maml, $p.Name)
        Write-Description ($source.Parameters[$p.Name] ?? $shouldProcess[$p.Name] ?? '')
        $writer.WriteStartElement('parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteString((Get-TypeName $p.ParameterType))
        $writer.WriteEndElement()
        $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, (Get-ValueType $p.ParameterType).FullName); $writer.WriteEndElement()
        $writer.WriteElementString('defaultValue', $dev, ($source.Defaults.($p.Name) ?? 'None'))
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('returnValues', $command)
    foreach ($output in $cmd.OutputType) {
        $writer.WriteStartElement('returnValue', $command)
        $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, $output.Name); $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('examples', $command)
    $number = 0
    foreach ($example in $source.Examples) {
        $number++
        $writer.WriteStartElement('example', $command)
        $writer.WriteElementString('title', $maml, "-------------------------- Example $number --------------------------")
        $writer.WriteElementString('code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('remarks', $dev); Write-Paragraphs $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    if ($source.Links) {
        $writer.WriteStartElement('relatedLinks', $maml)
        foreach ($link in $source.Links) {
            $writer.WriteStartElement('navigationLink', $maml); $writer.WriteElementString('linkText', $maml, $link); $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
# Conceptual topics (about_*) are plain text beside the MAML.
Copy-Item (Join-Path $SourcePath 'en-US/about_*.help.txt') $helpDirectory
if ($missing) { throw "Help sources are incomplete:`n  $($missing -join "`n  ")" }
