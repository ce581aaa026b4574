package screening.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The admin port's check of each request's head, before any byte of its body is kept (SPEC
 * section 15): between the HTTP codec and the aggregator, it sees the head alone and decides what
 * becomes of the body.
 *
 * <pre>
 *               head: /admin/... with a valid token or console session, or POST /console/session;
 *               body within the limit
 *   AWAIT_HEAD ---------------------------------------------------------> PASS (head and body on
 *       ^  |        head: another path, body within the limit                 to the aggregator)
 *       |  +------------------------------------------------------------> DROP (body released;
 *       |  |                                                                  the head goes on with
 *       |  |   head: /admin/... and no valid token or session (401), a session cookie
 *       |  |   without X-Screening-Console: 1 on a change (403),                     an empty body)
 *       |  |   or a body over admin.maxBodyBytes (413)
 *       |  +------------------------------------------------------------> REFUSED (the socket is
 *       |                                                                     not read any more;
 *       +------------- the body's last part (PASS, DROP) -------------        what was already read
 *                                                                             is released)
 * </pre>
 *
 * <p>A refusal travels down the pipeline as a {@link Refused} message, past the aggregator, so
 * that {@link AdminHandler} answers it in its turn after the requests before it; the handler then
 * closes the connection. From the refusal on, the socket is not read at all (auto-read off): a
 * client sending a large body with a wrong token costs no memory and no CPU for it. A body that is larger than the limit, by its {@code Content-Length} or
 * as it arrives in chunks, is refused at that point: the aggregator never holds more than
 * {@code maxBodyBytes}, and the body of a request without a valid token is never held at all.
 * Only {@code /admin/} requests and the console's sign-in need a body (a sign-in's is at most
 * {@link ConsoleEndpoints#SESSION_BODY_MAX_BYTES}: it holds only the token that is checked from it);
 * on every other path it is read and dropped, never kept.
 *
 * <p>One per connection; event loop only; never blocks.
 */
final class AdminRequestGate extends ChannelInboundHandlerAdapter {

    /**
     * A refused request: {@link AdminHandler} answers {@code response} in order and closes; it
     * lingers first when {@code bodyUnread} (the client may still be sending a body nobody reads).
     */
    record Refused(FullHttpResponse response, boolean bodyUnread) {
    }

    private static final int AWAIT_HEAD = 0;
    private static final int PASS = 1;
    private static final int DROP = 2;
    private static final int REFUSED = 3;

    private final AdminRoutes routes;
    private final int maxBodyBytes;
    private int state = AWAIT_HEAD;
    private long bodyBytes;
    private int bodyLimit; // of the request being read: maxBodyBytes, or a sign-in's own limit
    private HttpRequest dropHead; // DROP: the head that goes on once its body has been read

    /**
     * @param routes the token check and the 401 (with its audit count)
     * @param maxBodyBytes {@code admin.maxBodyBytes}
     */
    AdminRequestGate(AdminRoutes routes, int maxBodyBytes) {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == REFUSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            readHead(ctx, head);
            if (msg instanceof HttpContent) {
                // a head that carries its body (a decoder failure): it was passed on whole or refused
                if (state == PASS) {
                    state = AWAIT_HEAD;
                }
            }
            return;
        }
        if (msg instanceof HttpContent part) {
            readBody(ctx, part);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void readHead(ChannelHandlerContext ctx, HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            state = PASS; // the handler answers 400 and closes; the codec reads nothing more
            ctx.fireChannelRead(head);
            return;
        }
        String uri = head.uri();
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        boolean admin = path.startsWith("/admin/") || path.equals("/admin");
        if (admin) {
            AdminRoutes.Caller c = routes.caller(head.method(), head.headers(), ctx.channel().remoteAddress(), path);
            if (c.refusal() != null) {
                refuse(ctx, head, c.refusal(),
                        HttpUtil.getContentLength(head, 0L) > 0 || HttpUtil.isTransferEncodingChunked(head));
                return;
            }
        }
        // a sign-in's body holds only its token: read it, within a small limit of its own
        boolean signIn = path.equals(ConsoleEndpoints.SESSION) && head.method().equals(HttpMethod.POST);
        bodyLimit = signIn ? ConsoleEndpoints.SESSION_BODY_MAX_BYTES : maxBodyBytes;
        if (HttpUtil.getContentLength(head, -1L) > bodyLimit) {
            refuse(ctx, head, tooLarge(), true);
            return;
        }
        bodyBytes = 0;
        if (admin || signIn) {
            state = PASS;
            ctx.fireChannelRead(head);
        } else {
            state = DROP;
            dropHead = head;
        }
    }

    private void readBody(ChannelHandlerContext ctx, HttpContent part) {
        bodyBytes += part.content().readableBytes();
        boolean last = part instanceof LastHttpContent || part.decoderResult().isFailure();
        if (bodyBytes > bodyLimit) {
            part.release();
            refuse(ctx, null, tooLarge(), !last);
            return;
        }
        if (state == PASS) {
            ctx.fireChannelRead(part);
        } else {
            part.release();
            if (state == DROP && last) {
                HttpRequest h = dropHead;
                dropHead = null;
                DefaultFullHttpRequest whole = new DefaultFullHttpRequest(h.protocolVersion(), h.method(), h.uri(),
                        Unpooled.EMPTY_BUFFER, h.headers(), LastHttpContent.EMPTY_LAST_CONTENT.trailingHeaders());
                whole.setDecoderResult(part.decoderResult()); // a body that failed to decode: 400 and close
                ctx.fireChannelRead(whole);
            }
        }
        if (last && state != REFUSED) {
            state = AWAIT_HEAD;
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest head, FullHttpResponse response, boolean bodyUnread) {
        ReferenceCountUtil.release(head);
        dropHead = null;
        state = REFUSED;
        // read nothing more from the socket: the rest of the body stays in the kernel until the close
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(new Refused(response, bodyUnread));
    }

    private FullHttpResponse tooLarge() {
        return AdminResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                "the body is over " + bodyLimit + " bytes" + (bodyLimit == maxBodyBytes ? " (admin.maxBodyBytes)" : ""));
    }
}
