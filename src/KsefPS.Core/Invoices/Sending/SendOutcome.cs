namespace KsefPS.Core.Invoices.Sending;

/// <summary>Where an invoice of a run that could not go on stands: KSeF has it (or will process it), it never got there, or nobody can say.</summary>
public enum SendOutcome
{
    InKsef,
    NotSent,
    Unknown,
}
