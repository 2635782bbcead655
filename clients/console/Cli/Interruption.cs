using System.Runtime.InteropServices;

namespace Rehearse.Console.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation, so a command can stop its calls and exit with
/// code 130; a second Ctrl-C ends the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Starts listening; <paramref name="outer"/> also cancels (for callers hosting the CLI in process).</summary>
    public Interruption(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled when the user interrupts.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether an interruption was requested.</summary>
    public bool Requested => _source.IsCancellationRequested;

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // the second signal takes the default action: the process ends
        }
        context.Cancel = true;
        _source.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }
}
