# Gantry's own image, for docker-compose.yml. Builds need a registry for node:20-bookworm-slim.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
ENV PORT=5050 GANTRY_DATA_DIR=/data GANTRY_MISSIONS_DIR=/missions
EXPOSE 5050
CMD ["node", "dist/src/cli/main.js", "serve"]
