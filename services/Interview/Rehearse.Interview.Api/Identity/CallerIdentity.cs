using Grpc.Core;

namespace Rehearse.Interview.Api.Identity;

/// <summary>The user behind a call, put on the call by <see cref="ApiKeyInterceptor"/>.</summary>
public static class CallerIdentity
{
    private const string UserStateKey = "rehearse.user-id";

    /// <summary>Records the caller's user id on the call.</summary>
    public static void Set(ServerCallContext context, Guid userId) => context.UserState[UserStateKey] = userId;

    /// <summary>The caller's user id.</summary>
    public static Guid UserId(this ServerCallContext context) =>
        context.UserState.TryGetValue(UserStateKey, out var value) && value is Guid id
            ? id
            : throw new InvalidOperationException("The call was not identified; ApiKeyInterceptor must run first.");
}
