namespace Rehearse.Speech.Recognition.Engine;

/// <summary>
/// Caps the recognition calls served at once. A call over the cap is refused (after at most
/// <see cref="RecognitionOptions.AdmissionWait"/>) instead of queueing and slowing every other call down.
/// </summary>
public sealed class RecognitionAdmission(int capacity, TimeSpan wait) : IDisposable
{
    private readonly SemaphoreSlim _places = new(capacity, capacity);

    /// <summary>Calls being served now.</summary>
    public int Active => capacity - _places.CurrentCount;

    /// <summary>Takes a place for one call; dispose the result when the call ends.</summary>
    /// <exception cref="RecognitionCapacityException">Every place is taken.</exception>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!await _places.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
        {
            throw new RecognitionCapacityException(
                $"the server is already serving {capacity} recognitions (Speech:Recognition:MaxConcurrentRecognitions); try again later.");
        }
        return new Place(_places);
    }

    /// <inheritdoc />
    public void Dispose() => _places.Dispose();

    private sealed class Place(SemaphoreSlim places) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                places.Release();
            }
        }
    }
}
