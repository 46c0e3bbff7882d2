namespace KsefPS.Infrastructure;

/// <summary>What a cmdlet does with what its background work says, always on the pipeline thread.</summary>
internal sealed record PipelineSink(Action<object> Write, Action<string> Verbose, Action<string, int> Progress, Action<string, string>? Warning = null);
