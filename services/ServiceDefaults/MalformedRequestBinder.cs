using Google.Protobuf;
using Grpc.Core;

namespace Rehearse.ServiceDefaults;

/// <summary>
/// Binds a generated gRPC service so that a request message the protobuf runtime cannot parse (a string field that
/// is not UTF-8, a truncated or corrupt message) is answered with <c>INVALID_ARGUMENT</c> and the reason. Parsing
/// happens before any service code runs, so without this gRPC reports such a call as <c>UNKNOWN</c>.
/// </summary>
/// <remarks>
/// A service opts in with <c>[BindServiceMethod(typeof(TheService), nameof(BindService))]</c> and
/// <c>public static void BindService(ServiceBinderBase binder, Generated.GeneratedServiceBase? service)</c> calling
/// the generated <c>BindService</c> with <c>new MalformedRequestBinder(binder)</c>. The second parameter must be
/// the generated base class: gRPC looks the rpc implementations up as overrides of its methods.
/// </remarks>
public sealed class MalformedRequestBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    /// <inheritdoc />
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithCheckedParsing(method), handler);

    /// <inheritdoc />
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithCheckedParsing(method), handler);

    /// <inheritdoc />
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithCheckedParsing(method), handler);

    /// <inheritdoc />
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithCheckedParsing(method), handler);

    private static Method<TRequest, TResponse> WithCheckedParsing<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"request: the {typeof(TRequest).Name} message could not be parsed: {Reason(e)}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }

    // The runtime's messages speak to the programmer of the receiving side (one advises calling
    // CodedInputStream.SetRecursionLimit()); the caller is told what is wrong with what it sent. The runtime has no
    // error codes, so the kind of failure is recognised by its message.
    private static string Reason(InvalidProtocolBufferException error) =>
        error.Message.Contains("levels of nesting", StringComparison.Ordinal) ? "it nests messages more than 100 levels deep."
        : error.Message.Contains("invalid UTF-8", StringComparison.Ordinal) ? "String is invalid UTF-8."
        : "it is truncated or corrupt.";
}
