namespace Dendrite.Tests.Cli;

/// <summary>Tests that swap Console.Out or Console.Error run alone.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
