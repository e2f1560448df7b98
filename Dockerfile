# Silkwire: one image for the bot and the workers (choose with the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --workspaces=false: the workspace packages (the Bot API emulator and playground, test tooling) are not installed,
# and packages/ is not copied, so the image does not contain them; without TELEGRAM_BOT_TOKEN it exits with a message.
RUN npm ci --omit=dev --workspaces=false --no-audit --no-fund
COPY app ./app
COPY src ./src
COPY handlers ./handlers
COPY jobs ./jobs
COPY tsconfig.json ./
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# SIGTERM starts a graceful stop of up to 25 s (updates and jobs in flight finish): give the container 30 s
# (`docker stop -t 30`; compose.yaml sets stop_grace_period: 30s).
STOPSIGNAL SIGTERM
# node with tsx's loader (not the tsx CLI), so that signals reach the process itself. A 32 MB young-generation
# semi-space (Node's default is 16 MB) means fewer scavenges inside a burst of updates; see the README.
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "app/main.ts"]
