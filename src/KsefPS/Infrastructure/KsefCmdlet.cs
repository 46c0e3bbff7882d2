using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>Base of every KsefPS cmdlet. This file: cancellation, the host (what may be asked), and output; the other parts are async work (KsefCmdlet.Async.cs), errors (KsefCmdlet.Errors.cs) and parameters (KsefCmdlet.Parameters.cs).</summary>
public abstract partial class KsefCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled by Ctrl+C or a stopped pipeline: cancels the HTTP call in flight.</summary>
    protected CancellationToken Cancellation => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// -Debug turns every verbose and warning line of a cmdlet into a "continue?" question. Where nobody can answer (a
    /// runbook, a scheduled task, pwsh -NonInteractive) the line is still written, and the question that cannot be
    /// asked is not.
    /// </summary>
    protected new void WriteWarning(string text) => WithoutUnanswerableQuestion(() => base.WriteWarning(text));

    /// <inheritdoc cref="WriteWarning(string)"/>
    protected new void WriteVerbose(string text) => WithoutUnanswerableQuestion(() => base.WriteVerbose(text));

    private void WithoutUnanswerableQuestion(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException && !IsInteractive())
        {
        }
    }

    /// <summary>
    /// A file this cmdlet wrote, as Get-Item would give it: through the FileSystem provider, so Mode, PSPath and the
    /// directory grouping of the default view are all there.
    /// </summary>
    protected void WriteFile(string path)
    {
        foreach (var item in InvokeProvider.Item.Get([path], force: true, literalPath: true))
        {
            WriteObject(item);
        }
    }

    /// <summary>
    /// True when ShouldProcess would say yes without asking, refusing or writing a line: no -WhatIf, -Confirm or
    /// -Verbose, by parameter or by preference, for a command of <paramref name="impact"/>. Bulk work then skips the
    /// per-item call, whose cost is paid on the pipeline thread.
    /// </summary>
    protected bool ShouldProcessIsSilent(ConfirmImpact impact)
    {
        bool? Given(string name) => MyInvocation.BoundParameters.TryGetValue(name, out var value)
            ? value is SwitchParameter given ? given.IsPresent : LanguagePrimitives.IsTrue(value)
            : null;
        var whatIf = Given("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        var confirm = Given("Confirm") ?? (GetVariableValue("ConfirmPreference") is ConfirmImpact asked && asked != ConfirmImpact.None && impact >= asked);
        var verbose = Given("Verbose") ?? (GetVariableValue("VerbosePreference") is ActionPreference told
            && told is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore));
        return !whatIf && !confirm && !verbose;
    }

    /// <summary>
    /// True only when a person can answer a prompt: not -NonInteractive, input not redirected, a real host UI.
    /// Runbooks, scheduled tasks and CI get errors instead of prompts.
    /// </summary>
    protected bool IsInteractive()
    {
        if (Host?.UI is null || Host.Name == "Default Host" || !Environment.UserInteractive || Console.IsInputRedirected)
        {
            return false;
        }
        return !Environment.GetCommandLineArgs().Any(a =>
            a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/noni", StringComparison.OrdinalIgnoreCase));
    }
}
