using System.Globalization;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>The opaque <c>page_token</c> of ListSessions: where the previous page ended.</summary>
internal static class PageToken
{
    private const string Prefix = "c1.";

    public static string Format(SessionCursor cursor) =>
        Prefix + cursor.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static SessionCursor? Parse(string token) =>
        token.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(token.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks is > 0 and <= 3155378975999999999
            ? new SessionCursor(new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;
}
