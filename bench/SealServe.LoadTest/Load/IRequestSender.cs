namespace SealServe.LoadTest.Load;

/// <summary>Sends one request of a scenario and waits for its whole answer; throws when the answer is an error.</summary>
internal interface IRequestSender
{
    /// <summary>True when <see cref="SendAsync"/> blocks its thread (in-process engine runs): workers then get dedicated threads.</summary>
    bool IsBlocking { get; }

    ValueTask SendAsync(CancellationToken cancellationToken);
}
