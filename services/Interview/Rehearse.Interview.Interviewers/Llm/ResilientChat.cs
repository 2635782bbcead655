using System.ClientModel;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rehearse.Interview.Interviewers.Hosting;

namespace Rehearse.Interview.Interviewers.Llm;

/// <summary>
/// Calls an <see cref="IChatClient"/> with a timeout per request and retries with exponential back-off on rate
/// limits (429, honouring Retry-After), server errors (5xx) and timeouts, telling the caller about each retry.
/// </summary>
internal sealed class ResilientChat(IChatClient chat, LanguageModelOptions options, Action<InterviewerNotice>? onNotice, TimeProvider time)
{
    /// <summary>A whole reply.</summary>
    public async Task<string> CompleteAsync(IList<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                var response = await chat.GetResponseAsync(messages, chatOptions, timeout.Token).ConfigureAwait(false);
                return response.Text;
            }
            catch (Exception e) when (attempt < options.MaxRetries && Retryable(e, cancellationToken, out var retryAfter))
            {
                await BackOffAsync(attempt, retryAfter, e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A streamed reply. Failures before the first fragment are retried; a failure after it ends the stream with the
    /// exception, since the fragments already given out cannot be taken back.
    /// </summary>
    public async IAsyncEnumerable<string> StreamAsync(IList<ChatMessage> messages, ChatOptions chatOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            var enumerator = chat.GetStreamingResponseAsync(messages, chatOptions, timeout.Token).GetAsyncEnumerator(timeout.Token);
            string? first = null;
            TimeSpan? retryAfter = null;
            Exception? failure = null;
            try
            {
                while (first is null && await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    first = string.IsNullOrEmpty(enumerator.Current.Text) ? null : enumerator.Current.Text;
                }
            }
            catch (Exception e) when (attempt < options.MaxRetries && Retryable(e, cancellationToken, out retryAfter))
            {
                failure = e;
            }

            if (failure is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                await BackOffAsync(attempt, retryAfter, failure, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                if (first is null)
                {
                    yield break;
                }

                yield return first;
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    if (!string.IsNullOrEmpty(enumerator.Current.Text))
                    {
                        yield return enumerator.Current.Text;
                    }
                }

                yield break;
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task BackOffAsync(int attempt, TimeSpan? retryAfter, Exception failure, CancellationToken cancellationToken)
    {
        var exponential = TimeSpan.FromTicks(options.InitialBackoff.Ticks * (1L << Math.Min(attempt, 16)));
        var delay = retryAfter ?? exponential;
        delay = delay > options.MaxBackoff ? options.MaxBackoff : delay;
        onNotice?.Invoke(new InterviewerNotice(
            InterviewerNoticeLevel.Warning,
            "llm_retry",
            $"The language model {Describe(failure)}; retrying in {delay.TotalSeconds:0.#} s (attempt {attempt + 2} of {options.MaxRetries + 1})."));
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
    }

    private static bool Retryable(Exception e, CancellationToken callerToken, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        switch (e)
        {
            case ClientResultException { Status: 429 or >= 500 } result:
                retryAfter = RetryAfter(result);
                return true;
            case HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError or null }:
                return true;
            case OperationCanceledException or TimeoutException when !callerToken.IsCancellationRequested:
                return true;
            default:
                return false;
        }
    }

    private static TimeSpan? RetryAfter(ClientResultException e)
    {
        var response = e.GetRawResponse();
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow
            : null;
    }

    private static string Describe(Exception e) => e switch
    {
        ClientResultException { Status: 429 } => "is rate-limiting requests (HTTP 429)",
        ClientResultException result => $"returned an error (HTTP {result.Status})",
        OperationCanceledException or TimeoutException => "did not answer in time",
        _ => "could not be reached",
    };
}
