namespace KsefPS.Infrastructure;

/// <summary>What became of one input file: its result, or the error that stopped it.</summary>
internal sealed record WorkOutcome<TResult>(string Path, TResult? Result, Exception? Error);
