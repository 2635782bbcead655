using Microsoft.AspNetCore.Http;

namespace Rehearse.ServiceDefaults;

/// <summary>Tells gRPC calls (native and gRPC-Web, any message format) from other HTTP requests.</summary>
public static class GrpcRequest
{
    /// <summary>Whether <paramref name="request"/> is a gRPC or gRPC-Web call (its content type is <c>application/grpc…</c>).</summary>
    public static bool IsGrpc(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
    }
}
