/** Messages of the communicator network and training courses: Vietnamese first, English with exactly the same keys. */
export const trainingVi = {
	'training.nav': 'Tập huấn, tuyên truyền viên'
} as const;

export const trainingEn: Record<keyof typeof trainingVi, string> = {
	'training.nav': 'Training and communicators'
};
