using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Rehearse.Speech.Api.Grpc;

/// <summary>Reads the <c>google.protobuf.Duration</c> fields of requests.</summary>
internal static class RequestDurations
{
    /// <summary>
    /// <paramref name="value"/> as a <see cref="TimeSpan"/>, or null when the field is unset. A value that is not a
    /// valid Duration (seconds beyond ±10,000 years, nanos beyond ±999,999,999 or of the other sign than seconds)
    /// throws <paramref name="invalid"/>'s exception for <paramref name="field"/> instead of the runtime's.
    /// </summary>
    public static TimeSpan? ToTimeSpan(Duration? value, string field, Func<string, string, Exception> invalid)
    {
        if (value is null)
        {
            return null;
        }
        var valid = value.Seconds is >= Duration.MinSeconds and <= Duration.MaxSeconds
            && value.Nanos is > -Duration.NanosecondsPerSecond and < Duration.NanosecondsPerSecond
            && (value.Seconds == 0 || value.Nanos == 0 || value.Seconds < 0 == value.Nanos < 0);
        if (!valid)
        {
            throw invalid(field, string.Create(CultureInfo.InvariantCulture,
                $"is not a valid duration ({value.Seconds} s and {value.Nanos} ns): nanos must be within ±999,999,999 with the sign of seconds, and seconds within ±{Duration.MaxSeconds}."));
        }
        return value.ToTimeSpan();
    }
}
